package io.cairn.job;

import io.cairn.common.DomainException;

/** No job is registered under this id. */
public final class JobNotFound extends DomainException {

    public JobNotFound(String jobId) {
        super("No job '" + jobId + "' is registered");
        with("jobId", jobId);
    }

    @Override
    public Outcome outcome() {
        return Outcome.NOT_FOUND;
    }

    @Override
    public String type() {
        return "job-not-found";
    }

    @Override
    public String title() {
        return "Job not found";
    }
}
