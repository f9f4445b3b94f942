package io.cairn.coordinator;

import io.cairn.common.DomainException;

/**
 * A subtask acknowledged a pending checkpoint a second time with a different payload. The first
 * ack stands: a repeat must be byte for byte the same ack to be answered DUPLICATE.
 */
public final class ConflictingAck extends DomainException {

    ConflictingAck(String jobId, long checkpointId, String subtask) {
        super("Subtask " + subtask + " already acknowledged checkpoint " + checkpointId + " of job '" + jobId
                + "' with a different payload; the first ack stands. Repeat an ack only unchanged");
        with("jobId", jobId);
        with("checkpointId", checkpointId);
        with("subtask", subtask);
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "conflicting-ack";
    }

    @Override
    public String title() {
        return "Conflicting acknowledgement";
    }
}
