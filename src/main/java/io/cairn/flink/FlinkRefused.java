package io.cairn.flink;

import io.cairn.common.DomainException;

/** Flink refused what Cairn asked on a user's behalf (a 4xx, or a trigger that failed), saying why. */
final class FlinkRefused extends DomainException {

    FlinkRefused(String flinkJobId, String what, String flinkSays) {
        super("Flink refused to " + what + " for job " + flinkJobId + ": " + flinkSays);
        with("flinkJobId", flinkJobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNPROCESSABLE;
    }

    @Override
    public String type() {
        return "flink-refused";
    }

    @Override
    public String title() {
        return "Flink refused the request";
    }
}
