package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import io.cairn.cluster.JobOwnership;
import io.cairn.common.DomainException;
import io.cairn.job.CheckpointingSettings;
import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Triggers periodic checkpoints of every running job with an interval, when its
 * {@link PeriodicSchedule} says they are due. A trigger refused for now (too many in flight, too
 * soon, agents missing) is tried again on the next tick.
 */
@Component
class PeriodicScheduler {

    private static final Logger log = LoggerFactory.getLogger(PeriodicScheduler.class);

    private final JobCheckpointing jobs;
    private final CheckpointTrigger trigger;
    private final JobCheckpointsRegistry registry;
    private final JobOwnership ownership;
    private final Clock clock;
    private final PeriodicSchedule schedule =
            new PeriodicSchedule((min, max) -> ThreadLocalRandom.current().nextLong(min, max + 1));

    PeriodicScheduler(
            JobCheckpointing jobs,
            CheckpointTrigger trigger,
            JobCheckpointsRegistry registry,
            JobOwnership ownership,
            Clock clock) {
        this.registry = registry;
        this.ownership = ownership;
        this.jobs = jobs;
        this.trigger = trigger;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cairn.coordinator.scheduler-tick:100ms}")
    void tick() {
        runOnce();
    }

    void runOnce() {
        Instant now = clock.instant();
        Map<String, PeriodicSchedule.Periodic> periodic = new HashMap<>();
        for (Job job : jobs.runningJobs()) {
            if (!ownership.owns(job.getId())) {
                continue; // another replica coordinates it
            }
            CheckpointingSettings settings = job.getCheckpointing();
            registry.of(job).interval(settings.interval());
            if (settings.interval() != null) {
                periodic.put(job.getJobId(), new PeriodicSchedule.Periodic(settings.interval(), settings.minPause()));
            }
        }
        for (String jobId : schedule.dueAt(now, periodic)) {
            attempt(jobId, periodic.get(jobId).interval(), now);
        }
    }

    private void attempt(String jobId, Duration interval, Instant now) {
        try {
            CheckpointTrigger.Attempt attempt = trigger.triggerPeriodic(jobId);
            if (attempt.refusal() != null) {
                // Not now (too soon, too many in flight, agents missing): it stays due for the next tick.
                log.debug(
                        "Periodic checkpoint of job {} deferred: {}",
                        jobId,
                        attempt.refusal().getMessage());
                return;
            }
            schedule.attempted(jobId, now, interval);
        } catch (DomainException e) {
            log.warn("Periodic checkpoint of job {} failed: {}", jobId, e.getMessage());
            schedule.attempted(jobId, now, interval);
        } catch (RejectedExecutionException e) {
            // Cairn is stopping and its coordinator threads are gone: what was just recorded pending
            // is settled by the next start, or by the replica that takes the job over.
            log.info("Periodic checkpoint of job {} not sent: Cairn is stopping", jobId);
        } catch (RuntimeException e) {
            log.error("Periodic checkpoint of job {} failed unexpectedly", jobId, e);
            schedule.attempted(jobId, now, interval);
        }
    }
}
