package io.cairn.catalog;

/**
 * Checked by {@link CheckpointLifecycle} before every status change of a job's checkpoint, inside
 * the same transaction: with several replicas, only the holder of the job's current lease epoch
 * may write. A single replica fences nothing.
 */
public interface WriteFence {

    /** @throws FencedOut when this replica no longer holds the job's lease at the epoch it acts on */
    void check(long jobPk);
}
