package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.cairn.catalog.FailureReason;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.common.ByteSizes;
import io.cairn.config.FaultInjection;
import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.StateHandleRef;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.MetadataAlreadyPublished;
import io.cairn.storage.StorageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Ends checkpoints. Completion publishes {@code _metadata} first, then commits, then tells the
 * agents (DESIGN section 3, step 3); an abort records the failure, then deletes {@code chk-N}
 * off the caller's thread and tells the agents (step 4). Whoever removes a checkpoint from its
 * {@link JobCheckpoints} ends it, so each checkpoint ends exactly once.
 */
@Component
class CheckpointFinisher {

    private static final Logger log = LoggerFactory.getLogger(CheckpointFinisher.class);

    private final CheckpointLedger ledger;
    private final StorageLookup storage;
    private final AgentNotifier notifier;
    private final CheckpointMetrics metrics;
    private final ApplicationEventPublisher events;
    private final ScheduledExecutorService background;
    private final SharedStateRepository sharedState;
    private final FaultInjection faults;
    private final Clock clock;

    CheckpointFinisher(
            CheckpointLedger ledger,
            StorageLookup storage,
            AgentNotifier notifier,
            CheckpointMetrics metrics,
            ApplicationEventPublisher events,
            ScheduledExecutorService coordinatorTimer,
            SharedStateRepository sharedState,
            FaultInjection faults,
            Clock clock) {
        this.ledger = ledger;
        this.storage = storage;
        this.notifier = notifier;
        this.metrics = metrics;
        this.events = events;
        this.background = coordinatorTimer;
        this.sharedState = sharedState;
        this.faults = faults;
        this.clock = clock;
    }

    /** Completes a checkpoint its {@link JobCheckpoints} has already released as fully acknowledged. */
    void complete(JobCheckpoints job, PendingCheckpoint checkpoint) {
        Instant completedAt = clock.instant();
        CheckpointMetadata metadata = MetadataAssembler.assemble(checkpoint, completedAt);
        long metadataBytes;
        List<String> gone;
        Optional<String> discrepancy;
        try {
            CheckpointStorage checkpoints = storage.of(checkpoint.jobPk);
            discrepancy = AckFiles.discrepancy(
                    checkpoint,
                    checkpoint.type.storage(storage, checkpoint.jobPk),
                    checkpoints,
                    checkpoints.jobLayout(checkpoint.jobId).sharedDirectory());
        } catch (RuntimeException | Error e) {
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            recordAbort(checkpoint, FailureReason.IO_ERROR, "checking the acknowledged files failed: " + e, true);
            rethrowIfFatal(e);
            return;
        }
        if (discrepancy.isPresent()) {
            // Publishing would promise a restore its files cannot keep.
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            recordAbort(checkpoint, FailureReason.INVALID_ACK, discrepancy.get(), true);
            return;
        }
        try {
            gone = ledger.claimSharedState(checkpoint);
        } catch (OptimisticLockingFailureException e) {
            gone = List.of("(changed by retention at the same moment)");
        }
        if (!gone.isEmpty()) {
            // An agent reused files retention has let go (it missed a completion notice): write all anew.
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            ledger.requireFullSnapshot(checkpoint.jobPk);
            recordAbort(
                    checkpoint,
                    FailureReason.INVALID_ACK,
                    "reuses shared state that is no longer retained: " + gone.subList(0, Math.min(5, gone.size()))
                            + "; the next checkpoint writes all state anew",
                    true);
            return;
        }
        faults.reached(FaultInjection.Point.BEFORE_METADATA);
        try {
            metadataBytes = checkpoint.type.publish(storage, checkpoint.jobPk, metadata);
        } catch (MetadataAlreadyPublished e) {
            // Someone else completed this id: its files are a real checkpoint and must stay.
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            recordAbort(checkpoint, FailureReason.IO_ERROR, e.getMessage(), false);
            return;
        } catch (StorageFailure | IllegalArgumentException e) {
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            recordAbort(checkpoint, FailureReason.IO_ERROR, e.getMessage(), true);
            return;
        } catch (RuntimeException | Error e) {
            // Whatever storage throws, the checkpoint ends recorded: a pending entry nobody owns would hang for good.
            job.endedAs(checkpoint.checkpointId, AckOutcome.DISCARDED);
            recordAbort(checkpoint, FailureReason.IO_ERROR, "publishing _metadata failed: " + e, true);
            rethrowIfFatal(e);
            return;
        }
        faults.reached(FaultInjection.Point.AFTER_METADATA);
        // A savepoint subsumes nothing and is no base for min-pause (Flink does the same).
        List<PendingCheckpoint> subsumed =
                checkpoint.type.subsumes() ? job.endOlderThan(checkpoint.checkpointId) : List.of();
        // The recorded end-to-end duration includes publishing _metadata.
        Instant publishedAt = clock.instant();
        try {
            ledger.recordCompleted(checkpoint, metadataBytes, publishedAt, subsumed);
        } catch (RuntimeException e) {
            // _metadata is published, so the checkpoint exists; the next start registers it from storage.
            log.error(
                    "Checkpoint {} of job {} is complete on storage but could not be committed; it is "
                            + "registered on the next start",
                    checkpoint.checkpointId,
                    checkpoint.jobId,
                    e);
            return;
        }
        if (checkpoint.type.subsumes()) {
            job.completed(checkpoint.checkpointId, publishedAt);
        }
        notifier.completed(checkpoint);
        long stateSize = checkpoint.acks().stream()
                .mapToLong(received -> received.ack().stateSize())
                .sum();
        Duration took = Duration.ofNanos(System.nanoTime() - checkpoint.triggeredNanos);
        metrics.completed(checkpoint.jobId, checkpoint.type.kind(), checkpoint.effectiveAlignment(), took, stateSize);
        log.atInfo()
                .addKeyValue("cairn.job", checkpoint.jobId)
                .addKeyValue("cairn.checkpoint", checkpoint.checkpointId)
                .log(
                        "Completed {} {} for job {} ({} in {} ms, {}) at {}",
                        checkpoint.type.noun(),
                        checkpoint.checkpointId,
                        checkpoint.jobId,
                        ByteSizes.readable(stateSize),
                        took.toMillis(),
                        checkpoint.effectiveAlignment(),
                        checkpoint.directory);
        for (PendingCheckpoint older : subsumed) {
            finishAbort(
                    older, FailureReason.SUBSUMED, "checkpoint " + checkpoint.checkpointId + " completed first", true);
        }
        events.publishEvent(new CheckpointCompleted(checkpoint.jobPk, checkpoint.jobId, checkpoint.checkpointId));
    }

    /** Out of memory and the like are recorded like any failure, then left to end the thread. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * Aborts a checkpoint if it is still pending; a second abort of the same checkpoint does nothing.
     *
     * @return completes once the agents have been told (at once when it was no longer pending)
     */
    CompletableFuture<Void> abort(JobCheckpoints job, long checkpointId, FailureReason reason, String message) {
        return job.end(checkpointId, AckOutcome.DISCARDED)
                .map(checkpoint -> recordAbort(checkpoint, reason, message, true))
                .orElse(CompletableFuture.completedFuture(null));
    }

    /** An ack for a checkpoint that already ended: delete whatever it wrote that nothing references. */
    void discardLateAck(String jobId, long jobPk, Acknowledge ack) {
        // An ended checkpoint's kind is no longer known: a savepoint's late files are left to the orphan sweep.
        background.execute(
                () -> discardFiles(jobId, jobPk, ack.checkpointId(), new SnapshotType.Checkpoint(), List.of(ack)));
    }

    /**
     * Deletes a checkpoint that did not complete: its directory, and the shared files its acks wrote
     * for it that no catalog entry knows (shared files are written before the ack, so an abort
     * after some acks would otherwise leave them behind).
     */
    private void discardFiles(String jobId, long jobPk, long checkpointId, SnapshotType type, List<Acknowledge> acks) {
        try {
            type.discard(storage, jobPk, jobId, checkpointId);
            if (type.selfContained()) {
                return;
            }
            CheckpointStorage checkpoints = storage.of(jobPk);
            for (Acknowledge ack : acks) {
                for (StateHandleRef handle : ack.handles()) {
                    if (handle.location() == StateHandleRef.Location.SHARED
                            && handle.newlyCreated()
                            && sharedState
                                    .findByJobPkAndStateKey(jobPk, handle.path())
                                    .isEmpty()) {
                        checkpoints.discardSharedState(jobId, handle.path());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not delete the files of checkpoint {} of job {}; the orphan sweep will: {}",
                    checkpointId,
                    jobId,
                    e.getMessage());
        }
    }

    private CompletableFuture<Void> recordAbort(
            PendingCheckpoint checkpoint, FailureReason reason, String message, boolean deleteFiles) {
        boolean healthy = ledger.recordFailed(checkpoint, reason, message, clock.instant());
        if (!healthy) {
            log.warn(
                    "Checkpointing of job {} is unhealthy: checkpoint {} failed ({}: {}) beyond tolerable failures",
                    checkpoint.jobId,
                    checkpoint.checkpointId,
                    reason,
                    message);
        }
        return finishAbort(checkpoint, reason, message, deleteFiles);
    }

    private CompletableFuture<Void> finishAbort(
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
            List<Acknowledge> acks = checkpoint.acks().stream()
                    .map(PendingCheckpoint.ReceivedAck::ack)
                    .toList();
            background.execute(() ->
                    discardFiles(checkpoint.jobId, checkpoint.jobPk, checkpoint.checkpointId, checkpoint.type, acks));
        }
        return notifier.aborted(checkpoint, reason.name() + ": " + message);
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
