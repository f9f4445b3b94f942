package io.cairn.coordinator;

import io.cairn.common.DomainException;

/** No checkpoint with this id, or no completed one when the latest was asked for. */
public final class CheckpointNotFound extends DomainException {

    CheckpointNotFound(String jobId, long checkpointId) {
        super("Job '" + jobId + "' has no checkpoint " + checkpointId);
        with("jobId", jobId);
        with("checkpointId", checkpointId);
    }

    CheckpointNotFound(String jobId) {
        super("Job '" + jobId + "' has no completed checkpoint yet");
        with("jobId", jobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.NOT_FOUND;
    }

    @Override
    public String type() {
        return "checkpoint-not-found";
    }

    @Override
    public String title() {
        return "Checkpoint not found";
    }
}
