package io.cairn.flink;

import io.cairn.common.DomainException;

/** The Flink job is adopted already; a new look at its directory is a scan. */
final class FlinkJobAlreadyAdopted extends DomainException {

    FlinkJobAlreadyAdopted(String flinkJobId, String directory) {
        super("Flink job '" + flinkJobId + "' is adopted already, from " + directory + "; POST /api/v1/flink/jobs/"
                + flinkJobId + "/scan looks at its directory again");
        with("flinkJobId", flinkJobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "flink-job-already-adopted";
    }

    @Override
    public String title() {
        return "Flink job already adopted";
    }
}
