package io.cairn.flink;

import io.cairn.common.DomainException;

/** A Flink checkpoint Cairn will not delete now, with the reason. */
final class FlinkCheckpointNotDeletable extends DomainException {

    FlinkCheckpointNotDeletable(String flinkJobId, long checkpointId, String why) {
        super("Checkpoint " + checkpointId + " of Flink job '" + flinkJobId + "' is not deleted: " + why);
        with("flinkJobId", flinkJobId);
        with("checkpointId", checkpointId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "flink-checkpoint-not-deletable";
    }

    @Override
    public String title() {
        return "Flink checkpoint cannot be deleted";
    }
}
