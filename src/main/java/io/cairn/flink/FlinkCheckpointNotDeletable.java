package io.cairn.flink;

import io.cairn.common.DomainException;

/** A Flink checkpoint Cairn will not delete now, with the reason; or one it does not know. */
final class FlinkCheckpointNotDeletable extends DomainException {

    private final boolean missing;

    private FlinkCheckpointNotDeletable(String flinkJobId, long checkpointId, String detail, boolean missing) {
        super(detail);
        this.missing = missing;
        with("flinkJobId", flinkJobId);
        with("checkpointId", checkpointId);
    }

    static FlinkCheckpointNotDeletable because(String flinkJobId, long checkpointId, String why) {
        return new FlinkCheckpointNotDeletable(
                flinkJobId,
                checkpointId,
                "Checkpoint " + checkpointId + " of Flink job '" + flinkJobId + "' is not deleted: " + why,
                false);
    }

    static FlinkCheckpointNotDeletable unknown(String flinkJobId, long checkpointId) {
        return new FlinkCheckpointNotDeletable(
                flinkJobId,
                checkpointId,
                "Flink job '" + flinkJobId + "' has no catalogued checkpoint " + checkpointId
                        + "; POST /api/v1/flink/jobs/" + flinkJobId + "/scan catalogs new ones",
                true);
    }

    @Override
    public Outcome outcome() {
        return missing ? Outcome.NOT_FOUND : Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return missing ? "flink-checkpoint-not-found" : "flink-checkpoint-not-deletable";
    }

    @Override
    public String title() {
        return missing ? "Flink checkpoint not found" : "Flink checkpoint cannot be deleted";
    }
}
