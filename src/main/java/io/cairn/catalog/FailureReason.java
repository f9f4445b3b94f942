package io.cairn.catalog;

/** Why a checkpoint did not complete, after Flink's {@code CheckpointFailureReason}. */
public enum FailureReason {
    DECLINED,
    EXPIRED,
    AGENT_LOST,
    IO_ERROR,
    INVALID_ACK,
    SUBSUMED,
    JOB_ENDED,
    SHUTDOWN,
    COORDINATOR_LOST,
    /** A restore of the job began: what was in flight holds state the restore replaces. */
    RESTORED;

    /**
     * Whether this failure counts toward {@code tolerable-failures}: a checkpoint that could not be
     * taken does; one that was overtaken, or ended with its job or the coordinator, does not.
     */
    public boolean countsAsFailure() {
        return switch (this) {
            case DECLINED, EXPIRED, AGENT_LOST, IO_ERROR, INVALID_ACK -> true;
            case SUBSUMED, JOB_ENDED, SHUTDOWN, COORDINATOR_LOST, RESTORED -> false;
        };
    }
}
