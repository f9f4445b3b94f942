package io.cairn.catalog;

/**
 * Where a checkpoint is in its life. PENDING until every ack is in; COMPLETED once its
 * {@code _metadata} is published; RETAINED when its job ended and retention kept it; DISCARDING
 * while its files are being deleted and DISCARDED after. FAILED and SUBSUMED are the ends of a
 * checkpoint that never completed (SUBSUMED: a newer one completed first).
 */
public enum CheckpointStatus {
    PENDING,
    COMPLETED,
    RETAINED,
    FAILED,
    SUBSUMED,
    DISCARDING,
    DISCARDED;

    /** Statuses whose files are a restorable checkpoint. */
    public boolean restorable() {
        return this == COMPLETED || this == RETAINED;
    }
}
