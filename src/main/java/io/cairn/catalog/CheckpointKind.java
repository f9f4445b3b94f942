package io.cairn.catalog;

/** A checkpoint belongs to Cairn's retention; a savepoint belongs to the user and is never collected. */
public enum CheckpointKind {
    CHECKPOINT,
    SAVEPOINT
}
