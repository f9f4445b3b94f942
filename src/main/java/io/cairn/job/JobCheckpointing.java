package io.cairn.job;

import java.util.List;

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

    private final JobRepository jobs;

    JobCheckpointing(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** Two statements instead of loading, locking and flushing the whole job on every trigger. */
    public long allocateCheckpointId(long jobPk) {
        if (jobs.incrementNextCheckpointId(jobPk) == 0) {
            throw new IllegalStateException("job " + jobPk + " vanished");
        }
        return jobs.nextCheckpointId(jobPk) - 1;
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
        jobs.resetConsecutiveFailures(jobPk);
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
        return jobs.lockById(jobPk).orElseThrow(() -> new IllegalStateException("job " + jobPk + " vanished"));
    }
}
