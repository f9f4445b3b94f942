package io.cairn.flink;

import io.cairn.common.DomainException;

/** The adopted Flink job has no catalogued checkpoint or savepoint with this id. */
final class FlinkCheckpointNotFound extends DomainException {

    FlinkCheckpointNotFound(String flinkJobId, long checkpointId) {
        super("Flink job '" + flinkJobId + "' has no catalogued checkpoint " + checkpointId
                + "; POST /api/v1/flink/jobs/" + flinkJobId + "/scan catalogs new ones");
        with("flinkJobId", flinkJobId);
        with("checkpointId", checkpointId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.NOT_FOUND;
    }

    @Override
    public String type() {
        return "flink-checkpoint-not-found";
    }

    @Override
    public String title() {
        return "Flink checkpoint not found";
    }
}
