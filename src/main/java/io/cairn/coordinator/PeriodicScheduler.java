package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import io.cairn.cluster.JobOwnership;
import io.cairn.common.DaemonThreads;
import io.cairn.common.DomainException;
import io.cairn.common.GracefulShutdown;
import io.cairn.job.CheckpointingSettings;
import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import io.cairn.job.JobCheckpointingChanged;
import io.cairn.job.JobEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Triggers periodic checkpoints of every running job with an interval, when its
 * {@link PeriodicSchedule} says they are due. A trigger refused for now (too many in flight, too
 * soon, agents missing) is tried again on the next tick.
 *
 * <p>The running jobs' settings are kept in memory and read again only when a job is registered,
 * changes its checkpointing or ends here, and every {@code cairn.coordinator.schedule-refresh}
 * (10 s) for changes made through another replica: reading every running job on every 100 ms tick
 * cost a seventh of a replica's CPU at 250 jobs.
 */
@Component
class PeriodicScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PeriodicScheduler.class);
    /** Several, so jobs due in one tick record their triggers in one catalog transaction (GroupCommit). */
    private static final int TRIGGER_THREADS = 8;

    private final JobCheckpointing jobs;
    private final CheckpointTrigger trigger;
    private final JobCheckpointsRegistry registry;
    private final JobOwnership ownership;
    private final Clock clock;
    private final Duration refreshEvery;
    private final PeriodicSchedule schedule =
            new PeriodicSchedule((min, max) -> ThreadLocalRandom.current().nextLong(min, max + 1));
    /**
     * Triggers run here, not on the tick's thread: due jobs would queue behind each other's catalog
     * writes (a trigger lag p99 of 600 ms at 1,000 agents) and hold a thread the expiry timers share.
     */
    private final ExecutorService triggers =
            Executors.newFixedThreadPool(TRIGGER_THREADS, DaemonThreads.named("cairn-trigger"));
    /** Jobs whose attempt is queued or running: a tick does not attempt them again meanwhile. */
    private final Set<String> attempting = ConcurrentHashMap.newKeySet();
    /** Set by a change seen here; the next tick reads the running jobs again. */
    private volatile boolean stale = true;
    // Touched only by the tick, which never runs twice at once (fixed delay).
    private List<PeriodicJob> running = List.of();
    private Instant readAt = Instant.MIN;

    PeriodicScheduler(
            JobCheckpointing jobs,
            CheckpointTrigger trigger,
            JobCheckpointsRegistry registry,
            JobOwnership ownership,
            Clock clock,
            CoordinatorProperties properties) {
        this.registry = registry;
        this.ownership = ownership;
        this.jobs = jobs;
        this.trigger = trigger;
        this.clock = clock;
        this.refreshEvery = properties.scheduleRefresh();
    }

    @Scheduled(fixedDelayString = "${cairn.coordinator.scheduler-tick:100ms}")
    void tick() {
        runOnce();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onCheckpointingChanged(JobCheckpointingChanged changed) {
        stale = true;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onJobEnded(JobEnded ended) {
        stale = true;
    }

    void runOnce() {
        Instant now = clock.instant();
        if (stale || !now.isBefore(readAt.plus(refreshEvery))) {
            stale = false;
            readAt = now;
            running = readRunningJobs();
        }
        Map<String, PeriodicSchedule.Periodic> periodic = new HashMap<>();
        for (PeriodicJob job : running) {
            if (ownership.owns(job.jobPk())) { // else another replica coordinates it
                periodic.put(job.jobId(), job.periodic());
            }
        }
        for (String jobId : schedule.dueAt(now, periodic)) {
            if (attempting.add(jobId)) { // else its last attempt is still running
                dispatch(jobId, periodic.get(jobId).interval(), now);
            }
        }
    }

    private void dispatch(String jobId, Duration interval, Instant now) {
        try {
            triggers.execute(() -> {
                try {
                    attempt(jobId, interval, now);
                } finally {
                    attempting.remove(jobId);
                }
            });
        } catch (RejectedExecutionException e) {
            attempting.remove(jobId);
            log.info("Periodic checkpoint of job {} not sent: Cairn is stopping", jobId);
        }
    }

    @Override
    public void destroy() {
        GracefulShutdown.stop(triggers, Duration.ofSeconds(5));
    }

    private List<PeriodicJob> readRunningJobs() {
        List<PeriodicJob> read = new ArrayList<>();
        for (Job job : jobs.runningJobs()) {
            CheckpointingSettings settings = job.getCheckpointing();
            registry.of(job).interval(settings.interval());
            if (settings.interval() != null) {
                read.add(new PeriodicJob(
                        job.getId(),
                        job.getJobId(),
                        new PeriodicSchedule.Periodic(settings.interval(), settings.minPause())));
            }
        }
        return read;
    }

    /** A running job with periodic checkpoints. */
    private record PeriodicJob(long jobPk, String jobId, PeriodicSchedule.Periodic periodic) {}

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
