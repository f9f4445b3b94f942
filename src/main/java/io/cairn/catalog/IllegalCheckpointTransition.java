package io.cairn.catalog;

import io.cairn.common.DomainException;

/** A status change the checkpoint's current status does not allow. */
public final class IllegalCheckpointTransition extends DomainException {

    IllegalCheckpointTransition(long checkpointId, CheckpointStatus from, String action) {
        super("Checkpoint " + checkpointId + " is " + from + " and cannot be " + action);
        with("checkpointId", checkpointId);
        with("status", from.name());
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "checkpoint-state-conflict";
    }

    @Override
    public String title() {
        return "Checkpoint is in the wrong state";
    }
}
