package io.cairn.coordinator;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import io.cairn.catalog.AckStats;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointLifecycle;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.FailureReason;
import io.cairn.catalog.GroupCommit;
import io.cairn.catalog.SharedStateEntry;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.catalog.TaskSnapshot;
import io.cairn.job.JobCheckpointing;
import io.cairn.protocol.Alignment;
import io.cairn.storage.CheckpointMetadata;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The coordinator's writes to the catalog, each one short transaction that never spans a file
 * system or HTTP call: a checkpoint's id and PENDING row together, its completion with every
 * statistic and shared-state reference together, its failure with the job's failure count. A
 * trigger's and a completion's write, the two every checkpoint makes, share their transaction with
 * other jobs' that arrive at the same moment ({@link GroupCommit}).
 */
@Component
class CheckpointLedger {

    private final GroupCommit group;
    private final CheckpointRepository checkpoints;
    private final CheckpointLifecycle lifecycle;
    private final AckStats ackStats;
    private final SharedStateRepository sharedState;
    private final JobCheckpointing jobs;

    CheckpointLedger(
            GroupCommit group,
            CheckpointRepository checkpoints,
            CheckpointLifecycle lifecycle,
            AckStats ackStats,
            SharedStateRepository sharedState,
            JobCheckpointing jobs) {
        this.group = group;
        this.checkpoints = checkpoints;
        this.lifecycle = lifecycle;
        this.ackStats = ackStats;
        this.sharedState = sharedState;
        this.jobs = jobs;
    }

    /**
     * Allocates the job's next checkpoint id and records the checkpoint PENDING, provided the job's
     * row is still at {@code jobVersion} (then it is at {@code jobVersion + 1}) and so its next id
     * still {@code nextId}.
     *
     * @return the PENDING row's primary key; empty when the job changed since that read, and nothing was written
     */
    Optional<Long> recordPending(
            long jobPk,
            long jobVersion,
            long nextId,
            CheckpointKind kind,
            Alignment alignment,
            int numSubtasks,
            boolean fullSnapshot,
            Instant at,
            LongFunction<URI> directoryOf) {
        return group.write(() -> {
            if (!jobs.takeCheckpointId(jobPk, jobVersion)) {
                return Optional.empty();
            }
            return Optional.of(lifecycle.recordPending(
                    jobPk,
                    nextId,
                    kind,
                    alignment,
                    directoryOf.apply(nextId).toString(),
                    numSubtasks,
                    fullSnapshot,
                    at));
        });
    }

    /** Commits a checkpoint whose {@code _metadata} is published, and the pending ones it subsumed. */
    void recordCompleted(
            PendingCheckpoint completed, long metadataBytes, Instant at, List<PendingCheckpoint> subsumed) {
        group.write(() -> {
            writeCompleted(completed, metadataBytes, at, subsumed);
            return null;
        });
    }

    private void writeCompleted(
            PendingCheckpoint completed, long metadataBytes, Instant at, List<PendingCheckpoint> subsumed) {
        long stateSize = 0;
        long checkpointedSize = 0;
        long inFlightBytes = 0;
        for (PendingCheckpoint.ReceivedAck received : completed.acks()) {
            stateSize += received.ack().stateSize();
            checkpointedSize += received.ack().checkpointedSize();
            inFlightBytes += received.ack().inFlightBytes();
        }
        Map<String, Long> sharedSizes = new LinkedHashMap<>();
        completed.sharedHandles().forEach(handle -> sharedSizes.put(handle.path(), handle.size()));
        List<Long> sharedStatePks = registerSharedState(completed.jobPk, completed.checkpointId, sharedSizes, at);
        lifecycle.complete(
                completed.jobPk,
                completed.rowId,
                completed.checkpointId,
                completed.triggeredAt,
                at,
                new CompletionStats(
                        completed.effectiveAlignment(),
                        completed.numAcknowledged(),
                        stateSize,
                        checkpointedSize,
                        inFlightBytes,
                        metadataBytes),
                sharedStatePks);
        ackStats.record(completed.rowId, statsOf(completed));
        jobs.recordSuccess(completed.jobPk);
        if (completed.fullSnapshot && !completed.type.selfContained()) {
            // A savepoint writes into its own directory: shared/ still lacks a full base.
            jobs.fullSnapshotTaken(completed.jobPk);
        }
        for (PendingCheckpoint older : subsumed) {
            fail(older, FailureReason.SUBSUMED, "checkpoint " + completed.checkpointId + " completed first", at);
        }
    }

    /**
     * Before its {@code _metadata} is written: every shared file the checkpoint names must still be
     * live, and each is marked used by it, so retention cannot discard it from now on (the
     * version bump makes a concurrent discard decision fail).
     *
     * @return keys that are gone or going; empty when the checkpoint may complete
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    List<String> claimSharedState(PendingCheckpoint checkpoint) {
        Map<String, Boolean> reused = new LinkedHashMap<>();
        checkpoint
                .sharedHandles()
                .forEach(handle -> reused.merge(handle.path(), !handle.newlyCreated(), Boolean::logicalOr));
        if (reused.isEmpty()) {
            return List.of();
        }
        Map<String, SharedStateEntry> known = new HashMap<>();
        sharedState
                .findByJobPkAndStateKeyIn(checkpoint.jobPk, reused.keySet())
                .forEach(entry -> known.put(entry.getStateKey(), entry));
        List<String> gone = new ArrayList<>();
        reused.forEach((key, mustExist) -> {
            SharedStateEntry entry = known.get(key);
            if (entry == null ? mustExist : entry.getStatus() != SharedStateEntry.Status.LIVE) {
                gone.add(key);
            } else if (entry != null) {
                entry.usedBy(checkpoint.checkpointId);
            }
        });
        return gone;
    }

    /** The next checkpoint of the job must write everything anew. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void requireFullSnapshot(long jobPk) {
        jobs.requireFullSnapshot(jobPk);
    }

    /**
     * A checkpoint whose valid {@code _metadata} was found on storage: recorded COMPLETED (creating its
     * row if the catalog lost it), with the shared files it names registered as used by it.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordRecovered(long jobPk, long checkpointId, String directory, CheckpointMetadata metadata) {
        long stateSize = 0;
        long inFlight = 0;
        int subtasks = 0;
        Map<String, Long> shared = new LinkedHashMap<>();
        for (CheckpointMetadata.TaskState task : metadata.tasks()) {
            for (CheckpointMetadata.SubtaskState subtask : task.subtasks()) {
                subtasks++;
                for (CheckpointMetadata.StateHandle handle : subtask.handles()) {
                    stateSize += handle.size();
                    if (handle.location() == CheckpointMetadata.Location.SHARED) {
                        shared.put(handle.path(), handle.size());
                    }
                }
                inFlight += subtask.inFlight().stream()
                        .mapToLong(CheckpointMetadata.StateHandle::size)
                        .sum();
            }
        }
        Instant completedAt = metadata.completedAt() != null ? metadata.completedAt() : metadata.triggeredAt();
        CheckpointKind kind = metadata.kind() == CheckpointMetadata.Kind.SAVEPOINT
                ? CheckpointKind.SAVEPOINT
                : CheckpointKind.CHECKPOINT;
        Checkpoint checkpoint = lifecycle.completeFromStorage(
                jobPk,
                checkpointId,
                kind,
                metadata.alignment(),
                directory,
                Math.max(1, subtasks),
                metadata.triggeredAt(),
                completedAt,
                new CompletionStats(
                        metadata.alignment(), subtasks, stateSize + inFlight, stateSize + inFlight, inFlight, 0));
        registerSharedState(jobPk, checkpointId, shared, completedAt).forEach(checkpoint::addSharedStateRef);
        jobs.ensureNextCheckpointIdAbove(jobPk, checkpointId);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void ensureNextIdAbove(long jobPk, long checkpointId) {
        jobs.ensureNextCheckpointIdAbove(jobPk, checkpointId);
    }

    /**
     * Records a checkpoint FAILED and counts it against the job when the reason counts.
     *
     * @return whether the job's checkpointing is still healthy
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean recordFailed(long jobPk, long checkpointId, FailureReason reason, String message, Instant at) {
        if (!lifecycle.fail(require(jobPk, checkpointId), at, reason, message, 0)) {
            return true;
        }
        return !reason.countsAsFailure() || jobs.recordFailure(jobPk);
    }

    /**
     * As {@link #recordFailed(long, long, FailureReason, String, Instant)} for a checkpoint that had
     * acks: they are kept with it, so its history shows what arrived before it failed.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean recordFailed(PendingCheckpoint pending, FailureReason reason, String message, Instant at) {
        if (!fail(pending, reason, message, at)) {
            return true;
        }
        return !reason.countsAsFailure() || jobs.recordFailure(pending.jobPk);
    }

    private boolean fail(PendingCheckpoint pending, FailureReason reason, String message, Instant at) {
        Checkpoint checkpoint = require(pending);
        if (!lifecycle.fail(checkpoint, at, reason, message, pending.numAcknowledged())) {
            return false;
        }
        ackStats.record(checkpoint.getId(), statsOf(pending));
        return true;
    }

    private static List<TaskSnapshot.Stats> statsOf(PendingCheckpoint pending) {
        return pending.acks().stream()
                .map(received -> {
                    var ack = received.ack();
                    return new TaskSnapshot.Stats(
                            ack.taskId(),
                            ack.subtask(),
                            received.at(),
                            ack.stateSize(),
                            ack.checkpointedSize(),
                            ack.inFlightBytes(),
                            ack.syncMs(),
                            ack.asyncMs(),
                            ack.alignmentMs(),
                            ack.startDelayMs(),
                            ack.alignmentUsed() == Alignment.UNALIGNED
                                    || pending.requestedAlignment == Alignment.UNALIGNED,
                            ack.watermark());
                })
                .toList();
    }

    /**
     * Each shared file gets an entry (created by the first checkpoint naming it), used by this one.
     *
     * @return the entries' keys, for the checkpoint's references to them
     */
    private List<Long> registerSharedState(long jobPk, long checkpointId, Map<String, Long> sizes, Instant at) {
        if (sizes.isEmpty()) {
            return List.of();
        }
        List<Long> used = new ArrayList<>();
        Map<String, SharedStateEntry> known = new HashMap<>();
        sharedState
                .findByJobPkAndStateKeyIn(jobPk, sizes.keySet())
                .forEach(entry -> known.put(entry.getStateKey(), entry));
        sizes.forEach((key, size) -> {
            SharedStateEntry entry = known.get(key);
            if (entry == null) {
                entry = sharedState.save(new SharedStateEntry(jobPk, key, size, checkpointId, at));
            } else if (entry.getStatus() == SharedStateEntry.Status.LIVE) {
                entry.usedBy(checkpointId);
            }
            used.add(entry.getId());
        });
        return used;
    }

    private Checkpoint require(PendingCheckpoint pending) {
        return checkpoints
                .findById(pending.rowId)
                .orElseThrow(
                        () -> new IllegalStateException("checkpoint " + pending.checkpointId + " has no catalog row"));
    }

    private Checkpoint require(long jobPk, long checkpointId) {
        return checkpoints
                .findByJobPkAndCheckpointId(jobPk, checkpointId)
                .orElseThrow(() -> new IllegalStateException("checkpoint " + checkpointId + " has no catalog row"));
    }
}
