package io.cairn.coordinator;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.job.Job;
import io.cairn.job.JobFinder;
import org.springframework.stereotype.Component;

/**
 * The coordinator's memory of every job it has worked on, created on first use with the last
 * completion read from the catalog (so min-pause holds across restarts).
 */
@Component
class JobCheckpointsRegistry {

    private final ConcurrentMap<String, JobCheckpoints> jobs = new ConcurrentHashMap<>();
    private final CheckpointRepository checkpoints;
    private final JobFinder finder;
    private final CheckpointMetrics metrics;
    private volatile boolean closed;

    JobCheckpointsRegistry(CheckpointRepository checkpoints, JobFinder finder, CheckpointMetrics metrics) {
        this.checkpoints = checkpoints;
        this.finder = finder;
        this.metrics = metrics;
    }

    JobCheckpoints of(Job job) {
        return jobs.computeIfAbsent(job.getJobId(), id -> load(job));
    }

    /** @throws io.cairn.job.JobNotFound for a job never registered */
    JobCheckpoints of(String jobId) {
        JobCheckpoints known = jobs.get(jobId);
        return known != null ? known : of(finder.require(jobId));
    }

    /** The job's memory if this replica has loaded it, without loading it. */
    Optional<JobCheckpoints> loaded(long jobPk) {
        return jobs.values().stream().filter(job -> job.jobPk == jobPk).findFirst();
    }

    /** No checkpoint starts any more: Cairn is shutting down. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    Collection<JobCheckpoints> all() {
        return jobs.values();
    }

    private JobCheckpoints load(Job job) {
        JobCheckpoints loaded = new JobCheckpoints(job.getId(), job.getJobId());
        checkpoints
                .findFirstByJobPkAndStatusInOrderByCheckpointIdDesc(
                        job.getId(), List.of(CheckpointStatus.COMPLETED, CheckpointStatus.RETAINED))
                .ifPresent(last -> loaded.completed(last.getCheckpointId(), last.getCompletedAt()));
        metrics.watch(loaded);
        return loaded;
    }
}
