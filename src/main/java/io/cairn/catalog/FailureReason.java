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
    COORDINATOR_LOST
}
