package io.cairn.coordinator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.FailureReason;
import io.cairn.common.InvalidRequest;
import io.cairn.job.AgentRenewals;
import io.cairn.protocol.AckBatch;
import io.cairn.protocol.AckBatchResponse;
import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.Decline;
import org.springframework.stereotype.Component;

/**
 * Takes agents' acknowledgements and declines. Every call is safe to repeat and answers with an
 * {@link AckOutcome}; the ack that completes a checkpoint completes it on the caller's thread. A
 * counted ack also counts as the agent's renewal where this replica can renew it from memory.
 */
@Component
class AckReceiver {

    private final JobCheckpointsRegistry registry;
    private final CheckpointCompleter completer;
    private final CheckpointAborter aborter;
    private final LeftoverFiles leftovers;
    private final CheckpointRepository checkpoints;
    private final AgentRenewals renewals;
    private final Clock clock;

    AckReceiver(
            JobCheckpointsRegistry registry,
            CheckpointCompleter completer,
            CheckpointAborter aborter,
            LeftoverFiles leftovers,
            CheckpointRepository checkpoints,
            AgentRenewals renewals,
            Clock clock) {
        this.registry = registry;
        this.completer = completer;
        this.aborter = aborter;
        this.leftovers = leftovers;
        this.checkpoints = checkpoints;
        this.renewals = renewals;
        this.clock = clock;
    }

    AckResponse acknowledge(String jobId, long checkpointId, Acknowledge ack) {
        requireSameId(checkpointId, ack.checkpointId());
        JobCheckpoints job = registry.of(jobId);
        Optional<String> invalid = AckRules.violation(ack);
        if (invalid.isPresent()) {
            aborter.abort(
                    job,
                    checkpointId,
                    FailureReason.INVALID_ACK,
                    ExpectedSubtask.key(ack.taskId(), ack.subtask()) + " reported " + invalid.get());
            throw new InvalidRequest(
                    "handles", "The ack reports " + invalid.get() + "; see the ack rules of the agent protocol");
        }
        PendingCheckpoint completed = null;
        AckOutcome outcome;
        synchronized (job) {
            PendingCheckpoint pending = job.pending(checkpointId);
            if (pending == null) {
                outcome = null;
            } else {
                outcome = pending.acknowledge(ack, clock.instant(), System.nanoTime());
                if (outcome == AckOutcome.ACCEPTED && pending.fullyAcknowledged()) {
                    completed = job.startFinalizing(checkpointId).orElse(null);
                }
            }
        }
        if (completed != null) {
            try {
                completer.complete(job, completed);
            } finally {
                job.finalized(completed.checkpointId);
            }
        }
        if (outcome == null) {
            outcome = endedOutcome(job, checkpointId);
            if (outcome == AckOutcome.DISCARDED) {
                leftovers.discardLateAck(jobId, job.jobPk, ack);
            }
        }
        // Counted or counted before: the agent is alive and one the checkpoint expected.
        boolean renewed = (outcome == AckOutcome.ACCEPTED || outcome == AckOutcome.DUPLICATE)
                && renewals.renewedByAck(jobId, ack.taskId(), ack.subtask());
        return new AckResponse(checkpointId, outcome, renewed);
    }

    /**
     * A batched agent's acks of one checkpoint, each taken as if sent alone, in order: one that
     * breaks the rules or conflicts refuses the call after the acks before it were counted, which
     * is harmless, since the batch is safe to repeat as a whole.
     */
    AckBatchResponse acknowledgeAll(String jobId, long checkpointId, AckBatch batch) {
        requireSameId(checkpointId, batch.checkpointId());
        if (batch.acks().isEmpty()) {
            throw new InvalidRequest("acks", "The batch carries no acks; send at least one");
        }
        List<AckResponse> answers = new ArrayList<>(batch.acks().size());
        for (Acknowledge ack : batch.acks()) {
            answers.add(acknowledge(jobId, checkpointId, ack));
        }
        return new AckBatchResponse(checkpointId, answers);
    }

    AckResponse decline(String jobId, long checkpointId, Decline decline) {
        requireSameId(checkpointId, decline.checkpointId());
        JobCheckpoints job = registry.of(jobId);
        PendingCheckpoint pending = job.pending(checkpointId);
        if (pending == null) {
            return new AckResponse(checkpointId, endedOutcome(job, checkpointId));
        }
        if (!pending.expects(decline.taskId(), decline.subtask())) {
            return new AckResponse(checkpointId, AckOutcome.UNKNOWN);
        }
        String reason = decline.reason() == null || decline.reason().isBlank() ? "no reason given" : decline.reason();
        aborter.abort(
                job,
                checkpointId,
                FailureReason.DECLINED,
                ExpectedSubtask.key(decline.taskId(), decline.subtask()) + " declined: " + truncate(reason));
        return new AckResponse(checkpointId, AckOutcome.ACCEPTED);
    }

    /** How a checkpoint no longer pending answers: from memory if it ended recently, else from the catalog. */
    private AckOutcome endedOutcome(JobCheckpoints job, long checkpointId) {
        Optional<AckOutcome> remembered = job.endedOutcome(checkpointId);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        return checkpoints
                .findByJobPkAndCheckpointId(job.jobPk, checkpointId)
                .map(checkpoint -> checkpoint.getStatus().restorable() ? AckOutcome.DUPLICATE : AckOutcome.DISCARDED)
                .orElse(AckOutcome.UNKNOWN);
    }

    private static void requireSameId(long inPath, long inBody) {
        if (inPath != inBody) {
            throw new InvalidRequest(
                    "checkpointId",
                    "checkpointId " + inBody + " in the body does not match " + inPath + " in the path");
        }
    }

    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
