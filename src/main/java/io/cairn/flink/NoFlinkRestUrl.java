package io.cairn.flink;

import io.cairn.common.DomainException;

/** The Flink job was adopted without a REST URL: Cairn reads its directory but cannot ask Flink anything. */
final class NoFlinkRestUrl extends DomainException {

    NoFlinkRestUrl(String flinkJobId) {
        super("Flink job '" + flinkJobId + "' was adopted without restUrl, so Cairn cannot trigger anything in it; "
                + "adopt it with restUrl (Flink's REST endpoint) to trigger checkpoints and savepoints");
        with("flinkJobId", flinkJobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "flink-rest-url-missing";
    }

    @Override
    public String title() {
        return "No REST URL for the Flink job";
    }
}
