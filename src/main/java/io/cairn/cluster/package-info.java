/**
 * Several replicas on one catalog: membership (each replica heartbeats its row), a lease per job
 * with an epoch that fences a former owner's writes, all timed by the database's clock.
 */
package io.cairn.cluster;
