/**
 * Retention and garbage collection: which checkpoints and shared files go when a newer checkpoint
 * completes or a job ends (DESIGN section 4), the deletion engine that removes them off the
 * trigger path with a journal in the catalog, the reconciliation of catalog and storage on start,
 * and the orphan sweep. {@code taskowned/} is never touched.
 */
package io.cairn.retention;
