package io.cairn.catalog;

/**
 * A COMPLETED checkpoint (not a savepoint: its files are {@code chk-<checkpointId>} of its job) as
 * retention decides on it: its row's key, its id, and whether a restore reads it or a NO_CLAIM
 * restore brought it in.
 */
public record CompletedCheckpoint(long pk, long checkpointId, boolean pinned, boolean neverDiscard) {

    /** Retention may let it go. */
    public boolean discardable() {
        return !pinned && !neverDiscard;
    }
}
