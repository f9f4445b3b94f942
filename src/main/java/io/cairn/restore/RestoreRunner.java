package io.cairn.restore;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import io.cairn.agentclient.AgentClient;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.Restore;
import io.cairn.catalog.RestoreRepository;
import io.cairn.cluster.JobOwnership;
import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import io.cairn.common.JobTag;
import io.cairn.coordinator.RestoreFence;
import io.cairn.job.Job;
import io.cairn.protocol.RestoreCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Carries out a checked restore: records it (pinning the checkpoint), aborts the job's pending
 * checkpoints, sends every agent its restore command in parallel, and records each answer; the
 * last answer unpins the checkpoint and announces {@link RestoreFinished}.
 */
@Component
class RestoreRunner {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);

    private final RestoreLedger ledger;
    private final AgentClient client;
    private final RestoreFence fence;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final JobOwnership ownership;
    // Answers update one row each restore: recorded one at a time, so none is lost to a concurrent update.
    private final ExecutorService answers =
            Executors.newSingleThreadExecutor(DaemonThreads.named("cairn-restore-answers"));

    RestoreRunner(
            RestoreLedger ledger,
            AgentClient client,
            RestoreFence fence,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            CheckpointRepository checkpoints,
            RestoreRepository restores,
            JobOwnership ownership) {
        this.ledger = ledger;
        this.ownership = ownership;
        this.client = client;
        this.fence = fence;
        this.events = events;
        this.meters = meters;
        Gauge.builder("cairn.checkpoints.pinned", checkpoints, repository -> repository.countByPinCountGreaterThan(0))
                .description("Checkpoints a running restore reads; retention skips them")
                .register(meters);
        Gauge.builder(
                        "cairn.restores.awaiting.agents",
                        restores,
                        repository -> repository.countByStatus(Restore.Status.AWAITING_AGENTS))
                .description("Restores waiting for their job's agents; their jobs take no checkpoint meanwhile")
                .register(meters);
    }

    @PreDestroy
    void stop() {
        GracefulShutdown.stop(answers, Duration.ofSeconds(5));
    }

    Restore run(Job job, RestorePlan plan, RestoreRequest request) {
        Restore restore = ledger.start(job, plan, request.claimModeOrDefault(), request.allowNonRestored());
        send(job, restore, plan);
        return restore;
    }

    /**
     * Aborts what the job had in flight, then sends every agent its command; the answers are
     * recorded one at a time, in arrival order.
     */
    void send(Job job, Restore restore, RestorePlan plan) {
        log.atInfo()
                .addKeyValue("cairn.job", job.getJobId())
                .log(
                        "Restore {} of job {} from {} ({}): sending {} " + "agents their state",
                        restore.getId(),
                        job.getJobId(),
                        plan.metadataPath(),
                        restore.getClaimMode(),
                        plan.commands().size());
        fence.abortPending(job.getJobId(), restore.getId());
        long started = System.nanoTime();
        plan.commands().values().forEach(state -> {
            RestoreCommand command = new RestoreCommand(
                    job.getJobId(),
                    restore.getId(),
                    plan.checkpointId(),
                    state.taskId(),
                    state.subtask(),
                    plan.checkpointDir(),
                    plan.sharedDir(),
                    state.handles(),
                    state.watermark(),
                    Math.max(0, ownership.epochOf(job.getId())));
            client.restore(state.agentUrl(), command)
                    .whenComplete((ok, failure) -> answers.execute(() -> {
                        ledger.answered(
                                        restore.getId(),
                                        state.taskId(),
                                        state.subtask(),
                                        failure == null,
                                        failure == null ? null : String.valueOf(failure.getMessage()))
                                .ifPresent(ended -> {
                                    log.atInfo()
                                            .addKeyValue("cairn.job", job.getJobId())
                                            .log(
                                                    "Restore {} of job {} {}{}",
                                                    restore.getId(),
                                                    job.getJobId(),
                                                    ended.getStatus(),
                                                    ended.getFailureMessage() == null
                                                            ? ""
                                                            : ": " + ended.getFailureMessage());
                                    announceEnd(job, ended);
                                    Timer.builder("cairn.restore.duration")
                                            .tag(JobTag.NAME, job.getJobId())
                                            .description("From the request until every agent answered")
                                            .register(meters)
                                            .record(Duration.ofNanos(System.nanoTime() - started));
                                });
                    }));
        });
    }

    /** Runs a task on the thread that records answers, so it never races them. */
    void serially(Runnable task) {
        answers.execute(task);
    }

    /**
     * Cancels a restore on the thread that records answers (so no answer races it), releasing its
     * checkpoint; the job checkpoints again.
     */
    Restore cancel(Job job, long restoreId) {
        CompletableFuture<Restore> cancelled =
                CompletableFuture.supplyAsync(() -> ledger.cancel(job, restoreId), answers);
        Restore restore;
        try {
            restore = cancelled.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.atInfo()
                .addKeyValue("cairn.job", job.getJobId())
                .log(
                        "Restore {} of job {} cancelled; its checkpoint " + "is released",
                        restore.getId(),
                        job.getJobId());
        announceEnd(job, restore);
        return restore;
    }

    /** A restore ended: retention and the trigger fence hear of it, and it is counted by outcome. */
    private void announceEnd(Job job, Restore ended) {
        events.publishEvent(new RestoreFinished(job.getId(), ended.getId()));
        Counter.builder("cairn.restores")
                .tag(JobTag.NAME, job.getJobId())
                .tag("outcome", ended.getStatus().name())
                .description("Restores by outcome")
                .register(meters)
                .increment();
    }
}
