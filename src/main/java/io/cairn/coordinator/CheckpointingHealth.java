package io.cairn.coordinator;

import java.util.stream.Stream;

import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import io.cairn.job.JobFinder;
import io.cairn.job.JobNotFound;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * One health entry per running job under {@code checkpointing}: DOWN once its consecutive counted
 * failures exceed its tolerable failures, UP again after the next completed checkpoint.
 */
@Component("checkpointing")
class CheckpointingHealth implements CompositeHealthContributor {

    private final JobCheckpointing jobs;
    private final JobFinder finder;

    CheckpointingHealth(JobCheckpointing jobs, JobFinder finder) {
        this.jobs = jobs;
        this.finder = finder;
    }

    @Override
    public HealthContributor getContributor(String jobId) {
        try {
            Job job = finder.require(jobId);
            return job.isRunning() ? indicator(job.getJobId()) : null;
        } catch (JobNotFound e) {
            return null;
        }
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return jobs.runningJobs().stream()
                .map(job -> new HealthContributors.Entry(job.getJobId(), indicator(job.getJobId())));
    }

    private HealthIndicator indicator(String jobId) {
        return () -> {
            Job job = finder.require(jobId);
            Health.Builder health = job.checkpointingHealthy() ? Health.up() : Health.down();
            return health.withDetail("consecutiveFailures", job.getConsecutiveFailures())
                    .withDetail("tolerableFailures", job.getCheckpointing().tolerableFailures())
                    .build();
        };
    }
}
