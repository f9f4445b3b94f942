package io.cairn.coordinator;

/** Published after a checkpoint is committed COMPLETED; retention subsumes older ones on it. */
public record CheckpointCompleted(long jobPk, String jobId, long checkpointId) {}
