package io.cairn.job;

/**
 * The port through which a job registered with {@code restoreFrom} gets its restore: the restore
 * feature implements it. Checking reads storage and happens before any transaction; recording
 * happens inside the registration's transaction, so a refusal at either step keeps nothing.
 */
public interface ResumeRestores {

    /**
     * Checks that the job can resume as asked (source, files, shape), before it is saved.
     *
     * @throws io.cairn.common.DomainException when it cannot; the job is then not registered
     */
    Checked check(Job unsaved, RestoreFrom from);

    /** A restore that passed its checks, to be recorded with the job. */
    interface Checked {

        /** Records the restore, waiting for the job's agents; joins the registration's transaction. */
        void record(Job saved);
    }
}
