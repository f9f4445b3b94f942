package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cairn.catalog.FailureReason;
import io.cairn.cluster.JobOwnership;
import io.cairn.common.ByteSizes;
import io.cairn.config.FaultInjection;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.MetadataAlreadyPublished;
import io.cairn.storage.StorageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Completes a fully acknowledged checkpoint (DESIGN section 3, step 3): checks the files its acks
 * name, claims the shared state it reuses, publishes {@code _metadata}, then commits, then tells
 * the agents. Anything that stops it on the way ends it failed through {@link CheckpointAborter}.
 */
@Component
class CheckpointCompleter {

    private static final Logger log = LoggerFactory.getLogger(CheckpointCompleter.class);

    private final CheckpointLedger ledger;
    private final StorageLookup storage;
    private final AgentNotifier notifier;
    private final CheckpointMetrics metrics;
    private final ApplicationEventPublisher events;
    private final CheckpointAborter aborter;
    private final JobOwnership ownership;
    private final FaultInjection faults;
    private final Clock clock;

    CheckpointCompleter(
            CheckpointLedger ledger,
            StorageLookup storage,
            AgentNotifier notifier,
            CheckpointMetrics metrics,
            ApplicationEventPublisher events,
            CheckpointAborter aborter,
            JobOwnership ownership,
            FaultInjection faults,
            Clock clock) {
        this.ledger = ledger;
        this.storage = storage;
        this.notifier = notifier;
        this.metrics = metrics;
        this.events = events;
        this.aborter = aborter;
        this.ownership = ownership;
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
            aborter.failCompletion(
                    job, checkpoint, FailureReason.IO_ERROR, "checking the acknowledged files failed: " + e, true);
            rethrowIfFatal(e);
            return;
        }
        if (discrepancy.isPresent()) {
            // Publishing would promise a restore its files cannot keep.
            aborter.failCompletion(job, checkpoint, FailureReason.INVALID_ACK, discrepancy.get(), true);
            return;
        }
        try {
            // Most checkpoints name no shared file: no transaction for nothing on the way to completion.
            gone = checkpoint.sharedHandles().isEmpty() ? List.of() : ledger.claimSharedState(checkpoint);
        } catch (OptimisticLockingFailureException e) {
            gone = List.of("(changed by retention at the same moment)");
        }
        if (!gone.isEmpty()) {
            // An agent reused files retention has let go (it missed a completion notice): write all anew.
            ledger.requireFullSnapshot(checkpoint.jobPk);
            aborter.failCompletion(
                    job,
                    checkpoint,
                    FailureReason.INVALID_ACK,
                    "reuses shared state that is no longer retained: " + gone.subList(0, Math.min(5, gone.size()))
                            + "; the next checkpoint writes all state anew",
                    true);
            return;
        }
        if (!ownership.owns(checkpoint.jobPk)) {
            // The lease is not confirmed any more: another replica may own the job by now, and a
            // _metadata published after its takeover would name files it may already have deleted.
            aborter.failCompletion(
                    job, checkpoint, FailureReason.COORDINATOR_LOST, "this replica lost the job's lease", false);
            return;
        }
        faults.reached(FaultInjection.Point.BEFORE_METADATA);
        try {
            metadataBytes = checkpoint.type.publish(storage, checkpoint.jobPk, metadata);
        } catch (MetadataAlreadyPublished e) {
            // Someone else completed this id: its files are a real checkpoint and must stay.
            aborter.failCompletion(job, checkpoint, FailureReason.IO_ERROR, e.getMessage(), false);
            return;
        } catch (StorageFailure | IllegalArgumentException e) {
            aborter.failCompletion(job, checkpoint, FailureReason.IO_ERROR, e.getMessage(), true);
            return;
        } catch (RuntimeException | Error e) {
            // Whatever storage throws, the checkpoint ends recorded: a pending entry nobody owns would hang for good.
            aborter.failCompletion(job, checkpoint, FailureReason.IO_ERROR, "publishing _metadata failed: " + e, true);
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
            // _metadata is published, so the checkpoint exists: LeftBehindCompletions registers it
            // from storage as soon as the catalog takes the write, and settles the older ones it ended.
            List<Long> leftBehind = new ArrayList<>(List.of(checkpoint.checkpointId));
            subsumed.forEach(older -> leftBehind.add(older.checkpointId));
            job.leaveBehind(leftBehind);
            log.error(
                    "Checkpoint {} of job {} is complete on storage but could not be committed; it is "
                            + "registered from storage once the catalog takes the write",
                    checkpoint.checkpointId,
                    checkpoint.jobId,
                    e);
            return;
        }
        if (checkpoint.type.subsumes()) {
            job.completed(checkpoint.checkpointId, publishedAt);
        }
        // Committed: it no longer counts against maxConcurrent, so an engine that triggers the next
        // checkpoint on this notice is not refused.
        job.finalized(checkpoint.checkpointId);
        notifier.completed(checkpoint);
        long stateSize = checkpoint.acks().stream()
                .mapToLong(received -> received.ack().stateSize())
                .sum();
        Duration took = Duration.ofNanos(System.nanoTime() - checkpoint.triggeredNanos);
        metrics.completed(checkpoint.jobId, checkpoint.type.kind(), checkpoint.effectiveAlignment(), took, stateSize);
        log.atInfo()
                .addKeyValue("cairn.job", checkpoint.jobId)
                .addKeyValue("cairn.checkpoint", checkpoint.checkpointId)
                .setMessage("Completed {} {} for job {} ({} in {} ms, {}) at {}")
                .addArgument(checkpoint.type.noun())
                .addArgument(checkpoint.checkpointId)
                .addArgument(checkpoint.jobId)
                .addArgument(() -> ByteSizes.readable(stateSize))
                .addArgument(took.toMillis())
                .addArgument(checkpoint.effectiveAlignment())
                .addArgument(checkpoint.directory)
                .log();
        for (PendingCheckpoint older : subsumed) {
            aborter.subsumed(older, checkpoint.checkpointId);
        }
        events.publishEvent(new CheckpointCompleted(checkpoint.jobPk, checkpoint.jobId, checkpoint.checkpointId));
    }

    /** Out of memory and the like are recorded like any failure, then left to end the thread. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
