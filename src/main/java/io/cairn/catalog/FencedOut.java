package io.cairn.catalog;

import io.cairn.common.DomainException;

/**
 * A write for a job whose lease this replica lost (or never held): nothing was changed. The
 * coordinator that meets it stops acting on the job and deletes no file.
 */
public final class FencedOut extends DomainException {

    public FencedOut(long jobPk, String detail) {
        super(detail);
        with("jobPk", jobPk);
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNAVAILABLE;
    }

    @Override
    public String type() {
        return "not-the-coordinator";
    }

    @Override
    public String title() {
        return "Not the job's coordinator";
    }
}
