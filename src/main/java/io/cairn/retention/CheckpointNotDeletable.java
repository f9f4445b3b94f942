package io.cairn.retention;

import io.cairn.common.DomainException;

/** A delete that cannot be done now, or ever, with the reason. */
final class CheckpointNotDeletable extends DomainException {

    private final boolean missing;

    CheckpointNotDeletable(String jobId, long checkpointId, String why) {
        super("Checkpoint " + checkpointId + " of job '" + jobId + "' cannot be deleted: " + why);
        this.missing = why.equals("it does not exist");
        with("jobId", jobId);
        with("checkpointId", checkpointId);
    }

    @Override
    public Outcome outcome() {
        return missing ? Outcome.NOT_FOUND : Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return missing ? "checkpoint-not-found" : "checkpoint-not-deletable";
    }

    @Override
    public String title() {
        return missing ? "Checkpoint not found" : "Checkpoint cannot be deleted";
    }
}
