package io.cairn.coordinator;

import java.util.Map;
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
 * ({@link io.cairn.job.JobCheckpointing#allocateCheckpointId}), whoever changed it (a rescale or an
 * end here or through another replica, a failure count). A read that turns out stale, and one that
 * led to a refusal or an error, is forgotten, and the next trigger reads the job again; so is every
 * read of a job whose lease this replica takes (another replica coordinated it meanwhile).
 *
 * <p>Reading the job with its tasks was a tenth of a replica's CPU at 3,000 agents.
 */
@Component
class TriggerJobs {

    private final JobFinder finder;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    TriggerJobs(JobFinder finder) {
        this.finder = finder;
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
            read = new Read(job, job.getVersion());
            reads.put(jobId, read);
        }
        return read;
    }

    /** A trigger of this read took an id: the job's row is now at {@code version}, and otherwise as read. */
    void triggered(Read read, long version) {
        reads.replace(read.job().getJobId(), read, new Read(read.job(), version));
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
     * A job as read (detached: its tasks are loaded with it, and nothing here changes it), and the
     * version of its row that the read stands for.
     */
    record Read(Job job, long version) {}
}
