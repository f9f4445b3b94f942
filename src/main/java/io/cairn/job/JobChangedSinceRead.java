package io.cairn.job;

import org.springframework.orm.ObjectOptimisticLockingFailureException;

/**
 * A job's row changed after the read a trigger decided on (by this replica or another): the
 * trigger reads the job again. Should it reach a caller, it is a 409 {@code concurrent-modification}.
 */
public final class JobChangedSinceRead extends ObjectOptimisticLockingFailureException {

    JobChangedSinceRead(long jobPk) {
        super(Job.class, jobPk);
    }
}
