package io.cairn.job;

import io.cairn.common.DomainException;

/** The job has ended, and what was asked only applies to a running job. */
public final class JobNotRunning extends DomainException {

    public JobNotRunning(String jobId, JobState state, String action) {
        super("Job '" + jobId + "' is " + state + " and cannot be " + action + "; only a RUNNING job can");
        with("jobId", jobId);
        with("state", state.name());
    }

    @Override
    public Outcome outcome() {
        return Outcome.CONFLICT;
    }

    @Override
    public String type() {
        return "job-not-running";
    }

    @Override
    public String title() {
        return "Job is not running";
    }
}
