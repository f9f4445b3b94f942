package io.cairn.flink;

import io.cairn.common.DomainException;

/** No Flink job directory is adopted under this Flink job id. */
final class FlinkJobNotFound extends DomainException {

    FlinkJobNotFound(String flinkJobId) {
        super("No Flink job '" + flinkJobId
                + "' is adopted; adopt its checkpoint directory with POST /api/v1/flink/jobs");
        with("flinkJobId", flinkJobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.NOT_FOUND;
    }

    @Override
    public String type() {
        return "flink-job-not-found";
    }

    @Override
    public String title() {
        return "Flink job not found";
    }
}
