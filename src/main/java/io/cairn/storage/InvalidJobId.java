package io.cairn.storage;

import io.cairn.common.DomainException;

/** A job id that would not be a safe, single directory name. */
public final class InvalidJobId extends DomainException {

    InvalidJobId(String jobId) {
        super("jobId must be " + JobIdRule.DESCRIPTION + "; got " + quote(jobId));
        with("field", "jobId");
    }

    private static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    @Override
    public Outcome outcome() {
        return Outcome.INVALID;
    }

    @Override
    public String type() {
        return "invalid-job-id";
    }

    @Override
    public String title() {
        return "Invalid job id";
    }
}
