package io.cairn.restore;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import io.cairn.agent.AgentClient;
import io.cairn.agent.RestoreCommand;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.Restore;
import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import io.cairn.coordinator.RestoreFence;
import io.cairn.job.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Carries out a checked restore: records it (pinning the checkpoint), aborts the job's pending
 * checkpoints, sends every agent its restore command in parallel, and records each answer; the
 * last answer unpins the checkpoint and announces {@link RestoreFinished}.
 */
@Component
class RestoreRunner {

    private final RestoreLedger ledger;
    private final AgentClient client;
    private final RestoreFence fence;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    // Answers update one row each restore: recorded one at a time, so none is lost to a concurrent update.
    private final ExecutorService answers = Executors.newSingleThreadExecutor(
            DaemonThreads.named("cairn-restore-answers"));

    RestoreRunner(RestoreLedger ledger, AgentClient client, RestoreFence fence, ApplicationEventPublisher events,
            MeterRegistry meters, CheckpointRepository checkpoints) {
        this.ledger = ledger;
        this.client = client;
        this.fence = fence;
        this.events = events;
        this.meters = meters;
        Gauge.builder("cairn.checkpoints.pinned", checkpoints, repository -> repository.countByPinCountGreaterThan(0))
                .description("Checkpoints a running restore reads; retention skips them").register(meters);
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
        fence.abortPending(job.getJobId(), restore.getId());
        long started = System.nanoTime();
        plan.commands().values().forEach(state -> {
            RestoreCommand command = new RestoreCommand(job.getJobId(), restore.getId(), plan.checkpointId(),
                    state.taskId(), state.subtask(), plan.checkpointDir(), plan.sharedDir(), state.handles(),
                    state.watermark());
            client.restore(state.agentUrl(), command).whenComplete((ok, failure) -> answers.execute(() -> {
                Restore now = ledger.answered(restore.getId(), state.taskId(), state.subtask(), failure == null,
                        failure == null ? null : String.valueOf(failure.getMessage()));
                if (now.getStatus() != Restore.Status.IN_PROGRESS) {
                    events.publishEvent(new RestoreFinished(job.getId(), restore.getId()));
                    Counter.builder("cairn.restores").tag("job", job.getJobId()).tag("outcome", now.getStatus().name())
                            .description("Restores by outcome").register(meters).increment();
                    Timer.builder("cairn.restore.duration").tag("job", job.getJobId())
                            .description("From the request until every agent answered").register(meters)
                            .record(Duration.ofNanos(System.nanoTime() - started));
                }
            }));
        });
    }

    /** Runs a task on the thread that records answers, so it never races them. */
    void serially(Runnable task) {
        answers.execute(task);
    }
}
