package io.cairn.coordinator;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.cairn.catalog.Restore;
import io.cairn.catalog.RestoreRepository;
import io.cairn.job.AgentRegistry;
import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import io.cairn.job.JobFinder;
import io.cairn.job.JobNotFound;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * One health entry per running job under {@code checkpointing}: DEGRADED while its consecutive
 * counted failures exceed its tolerable failures or a restore holds its checkpoints back, UP
 * otherwise. DEGRADED ranks after UP, so one job's trouble never turns Cairn's own health (or
 * its readiness and liveness, which do not include this) DOWN: it is for details and alerts.
 */
@Component("checkpointing")
class CheckpointingHealth implements CompositeHealthContributor {

    /** A job in trouble; Cairn itself is fine. Ordered after UP in {@code management.endpoint.health.status.order}. */
    static final Status DEGRADED = new Status("DEGRADED");

    private final JobCheckpointing jobs;
    private final JobFinder finder;
    private final RestoreRepository restores;
    private final AgentRegistry agents;

    CheckpointingHealth(JobCheckpointing jobs, JobFinder finder, RestoreRepository restores, AgentRegistry agents) {
        this.jobs = jobs;
        this.finder = finder;
        this.restores = restores;
        this.agents = agents;
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
            Optional<Restore> restore = restores.findFirstByJobPkAndStatusIn(job.getId(), Restore.RUNNING);
            Health.Builder health =
                    job.checkpointingHealthy() && restore.isEmpty() ? Health.up() : Health.status(DEGRADED);
            health.withDetail("consecutiveFailures", job.getConsecutiveFailures())
                    .withDetail("tolerableFailures", job.getCheckpointing().tolerableFailures());
            restore.ifPresent(running -> health.withDetail(
                    "blockedByRestore",
                    Map.of(
                            "restoreId",
                            running.getId(),
                            "status",
                            running.getStatus().name(),
                            "requestedAt",
                            running.getRequestedAt().toString(),
                            "missingSubtasks",
                            agents.missingSubtasks(job))));
            return health.build();
        };
    }
}
