package io.cairn.catalog;

/**
 * Where a checkpoint is in its life. PENDING until every ack is in; COMPLETED once its
 * {@code _metadata} is published; RETAINED when its job ended and retention kept it; DISCARDING
 * while its files are being deleted and DISCARDED after (a completed checkpoint retention let go,
 * or one a user deleted). FAILED is the end of a checkpoint that never completed, its
 * {@link FailureReason} saying why ({@code SUBSUMED}: a newer one completed first).
 */
public enum CheckpointStatus {
    PENDING,
    COMPLETED,
    RETAINED,
    FAILED,
    DISCARDING,
    DISCARDED;

    /** Statuses whose files are a restorable checkpoint. */
    public boolean restorable() {
        return this == COMPLETED || this == RETAINED;
    }
}
