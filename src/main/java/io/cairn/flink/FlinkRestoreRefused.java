package io.cairn.flink;

import io.cairn.common.DomainException;

/** A Flink checkpoint a job cannot be restored from, with the reason; nothing was started. */
final class FlinkRestoreRefused extends DomainException {

    FlinkRestoreRefused(String flinkJobId, long checkpointId, String why) {
        super("Flink job '" + flinkJobId + "' cannot be restored from checkpoint " + checkpointId + ": " + why);
        with("flinkJobId", flinkJobId);
        with("checkpointId", checkpointId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNPROCESSABLE;
    }

    @Override
    public String type() {
        return "flink-restore-refused";
    }

    @Override
    public String title() {
        return "Flink restore refused";
    }
}
