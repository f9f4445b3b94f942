package io.cairn.job;

import org.springframework.orm.ObjectOptimisticLockingFailureException;

/**
 * A job's row changed after each read a trigger decided on (by this replica or another), as often
 * as the trigger read it again: a 409 {@code concurrent-modification}, to be retried.
 */
public final class JobChangedSinceRead extends ObjectOptimisticLockingFailureException {

    public JobChangedSinceRead(long jobPk) {
        super(Job.class, jobPk);
    }
}
