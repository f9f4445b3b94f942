package io.cairn.catalog;

/**
 * A job's checkpoints counted in one statement, so that {@code triggered = completed + failed +
 * inProgress} holds for every answer: completed counts every checkpoint that completed (also those
 * since retained or discarded), failed every one that ended without completing.
 */
public record CheckpointCounts(long triggered, long inProgress, long completed, long failed) {}
