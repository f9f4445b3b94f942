package io.cairn.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cairn.agentclient.AgentClient;
import io.cairn.catalog.FailureReason;
import io.cairn.cluster.JobOwnership;
import io.cairn.job.CheckpointingSettings;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.SubtaskRef;
import io.cairn.protocol.TriggerCheckpoint;
import io.cairn.storage.JobLayout;
import org.springframework.stereotype.Component;

/**
 * Sends a registered pending checkpoint's trigger to every agent at once and arms its expiry. An
 * agent that cannot be reached or refuses the trigger aborts the checkpoint as AGENT_LOST.
 */
@Component
class TriggerFanOut {

    private final AgentClient agents;
    private final CheckpointAborter aborter;
    private final ScheduledExecutorService timer;
    private final AdvertisedUrl advertisedUrl;
    private final JobOwnership ownership;

    TriggerFanOut(
            AgentClient agents,
            CheckpointAborter aborter,
            ScheduledExecutorService coordinatorTimer,
            AdvertisedUrl advertisedUrl,
            JobOwnership ownership) {
        this.agents = agents;
        this.aborter = aborter;
        this.timer = coordinatorTimer;
        this.advertisedUrl = advertisedUrl;
        this.ownership = ownership;
    }

    void send(
            JobCheckpoints job,
            PendingCheckpoint checkpoint,
            CheckpointingSettings settings,
            JobLayout layout,
            boolean fullSnapshot) {
        Duration timeout = settings.timeout();
        job.armExpiry(
                checkpoint,
                timer.schedule(() -> expire(job, checkpoint, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS));
        String base = advertisedUrl.get();
        boolean savepoint = checkpoint.type.selfContained(); // the protocol's "savepoint": self-contained
        // A savepoint never switches to unaligned and keeps everything in its own directory.
        long alignedTimeoutMs = savepoint ? 0 : settings.alignedTimeout().toMillis();
        String sharedDir = savepoint
                ? checkpoint.directory.toString()
                : layout.sharedDirectory().toString();
        // Addressed to no subtask yet: each call below names its own.
        TriggerCheckpoint trigger = new TriggerCheckpoint(
                checkpoint.jobId,
                checkpoint.checkpointId,
                null,
                0,
                checkpoint.triggeredAt.toEpochMilli(),
                checkpoint.requestedAlignment,
                alignedTimeoutMs,
                checkpoint.directory.toString(),
                sharedDir,
                layout.taskOwnedDirectory().toString(),
                fullSnapshot,
                base + AgentPaths.acks(checkpoint.jobId, checkpoint.checkpointId),
                base + AgentPaths.declines(checkpoint.jobId, checkpoint.checkpointId),
                savepoint,
                Math.max(0, ownership.epochOf(checkpoint.jobPk)));
        String ackBatchUrl = base + AgentPaths.ackBatches(checkpoint.jobId, checkpoint.checkpointId);
        for (List<ExpectedSubtask> call : ExpectedSubtask.byCall(checkpoint.expectedSubtasks())) {
            ExpectedSubtask first = call.get(0);
            TriggerCheckpoint addressed = first.batched()
                    ? trigger.batchedFor(
                            call.stream()
                                    .map(subtask -> new SubtaskRef(subtask.taskId(), subtask.subtask()))
                                    .toList(),
                            ackBatchUrl)
                    : trigger.forSubtask(first.taskId(), first.subtask());
            agents.trigger(first.agentUrl(), addressed).whenComplete((ok, failure) -> {
                if (failure != null) {
                    timer.execute(() -> aborter.abort(
                            job,
                            checkpoint.checkpointId,
                            FailureReason.AGENT_LOST,
                            "agent of " + ExpectedSubtask.describe(call) + " at " + first.agentUrl()
                                    + " did not take the trigger: " + rootMessage(failure)));
                }
            });
        }
    }

    private void expire(JobCheckpoints job, PendingCheckpoint checkpoint, Duration timeout) {
        String missing = checkpoint.awaiting().stream()
                .map(ExpectedSubtask::key)
                .limit(20)
                .collect(Collectors.joining(", "));
        aborter.abort(
                job,
                checkpoint.checkpointId,
                FailureReason.EXPIRED,
                "not acknowledged within " + timeout + " by "
                        + checkpoint.awaiting().size() + " subtask(s): " + missing);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
