package io.cairn.restore;

/**
 * A restore ended (every agent answered, or it could not go on) and its checkpoint is unpinned:
 * retention may now let go of what the restore was holding.
 */
public record RestoreFinished(long jobPk, long restoreId) {}
