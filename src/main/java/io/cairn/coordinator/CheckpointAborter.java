package io.cairn.coordinator;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cairn.catalog.FailureReason;
import io.cairn.catalog.FencedOut;
import io.cairn.protocol.AckOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * Ends checkpoints that do not complete (DESIGN section 3, step 4): records the failure, deletes
 * what they wrote off the caller's thread, and tells the agents. Whoever removes a checkpoint from
 * its {@link JobCheckpoints} ends it, so each checkpoint ends exactly once.
 */
@Component
class CheckpointAborter {

    private static final Logger log = LoggerFactory.getLogger(CheckpointAborter.class);

    private final CheckpointLedger ledger;
    private final AgentNotifier notifier;
    private final CheckpointMetrics metrics;
    private final LeftoverFiles leftovers;
    private final Clock clock;

    CheckpointAborter(
            CheckpointLedger ledger,
            AgentNotifier notifier,
            CheckpointMetrics metrics,
            LeftoverFiles leftovers,
            Clock clock) {
        this.ledger = ledger;
        this.notifier = notifier;
        this.metrics = metrics;
        this.leftovers = leftovers;
        this.clock = clock;
    }

    /**
     * Aborts a checkpoint if it is still pending; a second abort of the same checkpoint does nothing.
     *
     * @return completes once the agents have been told (at once when it was no longer pending)
     */
    CompletableFuture<Void> abort(JobCheckpoints job, long checkpointId, FailureReason reason, String message) {
        return job.end(checkpointId, AckOutcome.DISCARDED)
                .map(checkpoint -> record(job, checkpoint, reason, message, true))
                .orElse(CompletableFuture.completedFuture(null));
    }

    /**
     * A fully acknowledged checkpoint, already released by its {@link JobCheckpoints}, that cannot
     * complete after all: late acks for it are discarded from now on.
     *
     * @param deleteFiles false when the files may be another writer's real checkpoint
     */
    void failCompletion(
            JobCheckpoints job,
            PendingCheckpoint checkpoint,
            FailureReason reason,
            String message,
            boolean deleteFiles) {
        job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
        record(job, checkpoint, reason, message, deleteFiles);
    }

    /** An older checkpoint a completion subsumed; the completion's transaction already recorded it. */
    void subsumed(PendingCheckpoint older, long completedId) {
        announce(older, FailureReason.SUBSUMED, "checkpoint " + completedId + " completed first", true);
    }

    private CompletableFuture<Void> record(
            JobCheckpoints job,
            PendingCheckpoint checkpoint,
            FailureReason reason,
            String message,
            boolean deleteFiles) {
        boolean healthy;
        try {
            healthy = ledger.recordFailed(checkpoint, reason, message, clock.instant());
        } catch (RuntimeException e) {
            // Still PENDING in the catalog. Another replica that took the job settles it; if this
            // replica's lease only went unconfirmed for a moment, or the catalog refused the write,
            // LeftBehindCompletions settles it here once it can, and the job triggers no other
            // checkpoint meanwhile. Its files are left to whoever settles it.
            job.leaveBehind(List.of(checkpoint.checkpointId));
            log.atLevel(e instanceof FencedOut ? Level.INFO : Level.WARN)
                    .log(
                            "Checkpoint {} of job {} failed ({}: {}) but could not be recorded yet: {}",
                            checkpoint.checkpointId,
                            checkpoint.jobId,
                            reason,
                            message,
                            e.getMessage());
            return notifier.aborted(checkpoint, reason.name() + ": " + message);
        }
        if (!healthy) {
            log.warn(
                    "Checkpointing of job {} is unhealthy: checkpoint {} failed ({}: {}) beyond tolerable failures",
                    checkpoint.jobId,
                    checkpoint.checkpointId,
                    reason,
                    message);
        }
        return announce(checkpoint, reason, message, deleteFiles);
    }

    private CompletableFuture<Void> announce(
            PendingCheckpoint checkpoint, FailureReason reason, String message, boolean deleteFiles) {
        // Failures that count toward tolerable failures are warnings; being overtaken or ended with the job is not.
        log.atLevel(reason.countsAsFailure() ? Level.WARN : Level.INFO)
                .addKeyValue("cairn.job", checkpoint.jobId)
                .addKeyValue("cairn.checkpoint", checkpoint.checkpointId)
                .addKeyValue("cairn.reason", reason.name())
                .log(
                        "{} {} of job {} failed ({}): {}",
                        capitalized(checkpoint.type.noun()),
                        checkpoint.checkpointId,
                        checkpoint.jobId,
                        reason,
                        message);
        metrics.failed(checkpoint.jobId, reason);
        if (deleteFiles) {
            leftovers.discard(checkpoint);
        }
        return notifier.aborted(checkpoint, reason.name() + ": " + message);
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
