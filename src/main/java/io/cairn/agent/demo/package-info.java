/**
 * A small real engine built on the agent SDK, for the {@code demo} profile and for tests: a
 * source that numbers synthetic events and a keyed running count over them, with an input
 * buffer whose records an unaligned checkpoint stores as in-flight data, incremental snapshots
 * that keep unchanged key-group chunks in {@code shared/}, and restore with rescaling by key
 * groups (a fixed maximum parallelism, as Flink does).
 */
package io.cairn.agent.demo;
