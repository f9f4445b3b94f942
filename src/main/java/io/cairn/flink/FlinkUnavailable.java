package io.cairn.flink;

import io.cairn.common.DomainException;

/** Flink's REST endpoint could not be reached, timed out, or failed (5xx). */
final class FlinkUnavailable extends DomainException {

    FlinkUnavailable(String restUrl, String what) {
        super("Flink at " + restUrl + " did not answer: " + what + "; check the job's restUrl and that its "
                + "JobManager runs");
        with("restUrl", restUrl);
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNAVAILABLE;
    }

    @Override
    public String type() {
        return "flink-unavailable";
    }

    @Override
    public String title() {
        return "Flink unavailable";
    }
}
