package io.cairn.coordinator;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.cluster.JobLeaseTaken;
import io.cairn.job.Job;
import io.cairn.job.JobEnded;
import io.cairn.job.JobFinder;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each job as this replica last read it for a trigger, so a trigger reads no job from the catalog:
 * its PENDING write takes the id only if the job's row is still at the version read
 * ({@link io.cairn.job.JobCheckpointing#takeCheckpointId}), whoever changed it (a rescale or an
 * end here or through another replica, a failure count, a restore starting: the read carries whether
 * a restore ran when it was made). A read that turns out stale, and one that
 * led to a refusal or an error, is forgotten, and the next trigger reads the job again; so is every
 * read of a job whose lease this replica takes (another replica coordinated it meanwhile).
 *
 * <p>Reading the job with its tasks was a tenth of a replica's CPU at 3,000 agents.
 */
@Component
class TriggerJobs {

    private final JobFinder finder;
    private final TriggerFacts facts;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    TriggerJobs(JobFinder finder, TriggerFacts facts) {
        this.finder = finder;
        this.facts = facts;
    }

    /**
     * The job as last read, or as read now.
     *
     * @throws io.cairn.job.JobNotFound when no job has this id
     */
    Read read(String jobId) {
        Read read = reads.get(jobId);
        if (read == null) {
            Job job = finder.require(jobId);
            // After the job: a restore recorded in between is seen here, and one recorded later
            // moves the job's version on (RestoreLedger), so the read's PENDING write finds it stale.
            read = new Read(job, job.getVersion(), job.getNextCheckpointId(), facts.runningRestore(job));
            reads.put(jobId, read);
        }
        return read;
    }

    /** A trigger of this read took its id: the job's row is one version and one id further, and otherwise as read. */
    void triggered(Read read) {
        reads.replace(
                read.job().getJobId(),
                read,
                new Read(read.job(), read.version() + 1, read.nextCheckpointId() + 1, read.runningRestore()));
    }

    /** The next trigger reads the job again, unless another trigger has moved the read on meanwhile. */
    void forget(Read read) {
        reads.remove(read.job().getJobId(), read);
    }

    /** An ended job is never triggered again (a later trigger reads it and is refused). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onJobEnded(JobEnded ended) {
        reads.remove(ended.jobId());
    }

    @EventListener
    void onLeaseTaken(JobLeaseTaken taken) {
        reads.values().removeIf(read -> read.job().getId() == taken.jobPk());
    }

    /**
     * A job as read (detached: its tasks are loaded with it, and nothing here changes it), the
     * version of its row and the next checkpoint id that the read stands for (the job's own fields
     * as of the first read; later triggers move these on), and the id of its restore that had not
     * ended then, if any.
     */
    record Read(Job job, long version, long nextCheckpointId, OptionalLong runningRestore) {}
}
