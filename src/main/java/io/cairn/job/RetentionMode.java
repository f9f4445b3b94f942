package io.cairn.job;

/**
 * What happens to a job's completed checkpoints when it ends (Flink's externalized checkpoint
 * cleanup). Subsumed checkpoints and those of a finished job are deleted in every mode.
 */
public enum RetentionMode {
    /** Deleted whenever the job ends. Flink's default. */
    NO_EXTERNALIZED_CHECKPOINTS,
    /** Kept when the job fails, deleted when it is cancelled. */
    DELETE_ON_CANCELLATION,
    /** Kept when the job fails or is cancelled. */
    RETAIN_ON_CANCELLATION
}
