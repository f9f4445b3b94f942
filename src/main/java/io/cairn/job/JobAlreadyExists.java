package io.cairn.job;

import io.cairn.common.DomainException;

/** A job with this id is already registered; ids are never reused. */
public final class JobAlreadyExists extends DomainException {

    JobAlreadyExists(String jobId) {
        super("A job '" + jobId + "' is already registered; choose another jobId or omit it to have one generated");
        with("jobId", jobId);
        with("field", "jobId");
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "job-already-exists";
    }

    @Override
    public String title() {
        return "Job already exists";
    }
}
