package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.cairn.common.DomainException;
import io.cairn.job.CheckpointingSettings;
import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Triggers periodic checkpoints of every running job with an interval. A job's first checkpoint
 * comes at a random point in [minPause, interval] after Cairn first sees it (so jobs registered
 * together do not checkpoint in lockstep), then one per interval. A trigger refused for now (too
 * many in flight, too soon, agents missing) is tried again on the next tick.
 */
@Component
class PeriodicScheduler {

    private static final Logger log = LoggerFactory.getLogger(PeriodicScheduler.class);

    private final JobCheckpointing jobs;
    private final CheckpointTrigger trigger;
    private final JobCheckpointsRegistry registry;
    private final Clock clock;
    private final Map<String, Due> due = new ConcurrentHashMap<>();

    PeriodicScheduler(JobCheckpointing jobs, CheckpointTrigger trigger, JobCheckpointsRegistry registry, Clock clock) {
        this.registry = registry;
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
        Set<String> periodic = new HashSet<>();
        for (Job job : jobs.runningJobs()) {
            CheckpointingSettings settings = job.getCheckpointing();
            registry.of(job).interval(settings.interval());
            if (settings.interval() == null) {
                continue;
            }
            periodic.add(job.getJobId());
            Due next = due.compute(job.getJobId(), (id, current) -> current == null
                    || !current.interval().equals(settings.interval()) ? first(now, settings) : current);
            if (!now.isBefore(next.at())) {
                attempt(job, settings, now);
            }
        }
        due.keySet().retainAll(periodic);
    }

    private void attempt(Job job, CheckpointingSettings settings, Instant now) {
        try {
            trigger.trigger(job.getJobId(), null);
            due.put(job.getJobId(), new Due(now.plus(settings.interval()), settings.interval()));
        } catch (CheckpointRefused e) {
            log.debug("Periodic checkpoint of job {} deferred: {}", job.getJobId(), e.getMessage());
        } catch (DomainException e) {
            log.warn("Periodic checkpoint of job {} failed: {}", job.getJobId(), e.getMessage());
            due.put(job.getJobId(), new Due(now.plus(settings.interval()), settings.interval()));
        } catch (RuntimeException e) {
            log.error("Periodic checkpoint of job {} failed unexpectedly", job.getJobId(), e);
            due.put(job.getJobId(), new Due(now.plus(settings.interval()), settings.interval()));
        }
    }

    private static Due first(Instant now, CheckpointingSettings settings) {
        long min = settings.minPause().toMillis();
        long max = Math.max(min, settings.interval().toMillis());
        long delay = min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
        return new Due(now.plus(Duration.ofMillis(delay)), settings.interval());
    }

    private record Due(Instant at, Duration interval) {
    }
}
