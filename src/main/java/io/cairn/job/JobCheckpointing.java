package io.cairn.job;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the coordinator changes on a job: checkpoint ids (allocated under a row lock, so they are
 * unique and only increase, whichever replica asks) and the consecutive-failure count. Each
 * method joins the caller's transaction, so an id and its checkpoint row commit together.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class JobCheckpointing {

    // The statements every checkpoint runs are plain SQL: Hibernate translated their JPQL bulk
    // updates again on each call (a third of their cost at 1,500 agents). The id's update locks the
    // row until the transaction ends, so ids are unique whichever replica asks, and bumps the
    // version, so a change made from an older read of the job fails instead of writing an older id
    // back; it only takes an id for a caller whose read of the job is still current.
    private static final String TAKE_NEXT_ID = "UPDATE jobs SET next_checkpoint_id = next_checkpoint_id + 1,"
            + " version = version + 1 WHERE id = ? AND version = ?";
    /** A no-op (and no row lock) when the count is already zero. */
    private static final String RESET_FAILURES =
            "UPDATE jobs SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures > 0";

    private final JobRepository jobs;
    private final JdbcTemplate jdbc;

    JobCheckpointing(JobRepository jobs, JdbcTemplate jdbc) {
        this.jobs = jobs;
        this.jdbc = jdbc;
    }

    /**
     * Takes the job's next checkpoint id, provided the job's row is still as the caller read it: a
     * trigger decides on a read of the job (its shape, settings, state) that may be older than this
     * transaction. One statement instead of loading, locking and flushing the whole job. The id
     * taken is the read's {@link Job#getNextCheckpointId() next id}: every change to the row's next
     * id moves its version on too, so a row still at the read's version still holds it.
     *
     * @param readVersion the {@link Job#getVersion() version} of the caller's read; on success the
     *     row is at {@code readVersion + 1}
     * @return whether the id was taken; false when the row changed since that read (or is gone), and
     *     then nothing is written, so the caller's transaction (shared with other writes) need not
     *     roll back
     */
    public boolean takeCheckpointId(long jobPk, long readVersion) {
        return jdbc.update(TAKE_NEXT_ID, jobPk, readVersion) == 1;
    }

    /**
     * A restore of the job is being recorded in the caller's transaction: the row's version moves
     * on with it, so a trigger that decided on an older read of the job (one that saw no restore)
     * writes nothing and reads the job again ({@link #takeCheckpointId}).
     */
    public void restoreStarting(long jobPk) {
        jobs.lockAndMoveVersionById(jobPk).orElseThrow(() -> vanished(jobPk));
    }

    public void ensureNextCheckpointIdAbove(long jobPk, long checkpointId) {
        locked(jobPk).ensureNextCheckpointIdAbove(checkpointId);
    }

    /** @return whether the job's checkpointing is still healthy */
    public boolean recordFailure(long jobPk) {
        Job job = locked(jobPk);
        job.recordCheckpointFailure();
        return job.checkpointingHealthy();
    }

    public void recordSuccess(long jobPk) {
        jdbc.update(RESET_FAILURES, jobPk);
    }

    public void requireFullSnapshot(long jobPk) {
        locked(jobPk).requireFullSnapshot();
    }

    public void fullSnapshotTaken(long jobPk) {
        jobs.findById(jobPk).ifPresent(Job::fullSnapshotTaken);
    }

    @Transactional(readOnly = true, propagation = Propagation.REQUIRED)
    public List<Job> runningJobs() {
        return jobs.findByState(JobState.RUNNING);
    }

    private Job locked(long jobPk) {
        return jobs.lockById(jobPk).orElseThrow(() -> vanished(jobPk));
    }

    private static IllegalStateException vanished(long jobPk) {
        return new IllegalStateException("job " + jobPk + " vanished");
    }
}
