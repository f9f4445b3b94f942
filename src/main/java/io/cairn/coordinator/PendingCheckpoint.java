package io.cairn.coordinator;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.StateHandleRef;

/**
 * A triggered checkpoint waiting for its acknowledgements (Flink's {@code PendingCheckpoint}).
 * Not thread-safe: its {@link JobCheckpoints} guards it.
 */
final class PendingCheckpoint {

    final long jobPk;
    final String jobId;
    final long checkpointId;
    /** Its catalog row's primary key, so its completion or failure finds the row without a query. */
    final long rowId;
    /** Checkpoint or savepoint, and what follows from it. */
    final SnapshotType type;
    /** Its agents write all their state anew (none reused from earlier checkpoints). */
    final boolean fullSnapshot;

    final Alignment requestedAlignment;
    final Instant triggeredAt;
    final long triggeredNanos;
    final URI directory;
    final List<TaskShape> tasks;

    private final Map<String, ExpectedSubtask> expected = new LinkedHashMap<>();
    private final Map<String, ReceivedAck> acks = new LinkedHashMap<>();
    /** Written and read only under its {@link JobCheckpoints}' monitor. */
    ScheduledFuture<?> expiry;

    PendingCheckpoint(
            long jobPk,
            String jobId,
            long checkpointId,
            long rowId,
            SnapshotType type,
            boolean fullSnapshot,
            Alignment alignment,
            Instant triggeredAt,
            long triggeredNanos,
            URI directory,
            List<TaskShape> tasks,
            Collection<ExpectedSubtask> subtasks) {
        this.jobPk = jobPk;
        this.jobId = jobId;
        this.checkpointId = checkpointId;
        this.rowId = rowId;
        this.type = type;
        this.fullSnapshot = fullSnapshot;
        this.requestedAlignment = alignment;
        this.triggeredAt = triggeredAt;
        this.triggeredNanos = triggeredNanos;
        this.directory = directory;
        this.tasks = List.copyOf(tasks);
        subtasks.forEach(subtask -> expected.put(subtask.key(), subtask));
    }

    /**
     * ACCEPTED the first time a subtask acks, DUPLICATE for the same ack again, UNKNOWN for a
     * subtask not expected.
     *
     * @throws ConflictingAck when the subtask acked before with a different payload; the first stands
     */
    AckOutcome acknowledge(Acknowledge ack, Instant at, long atNanos) {
        String key = ExpectedSubtask.key(ack.taskId(), ack.subtask());
        if (!expected.containsKey(key)) {
            return AckOutcome.UNKNOWN;
        }
        ReceivedAck earlier = acks.get(key);
        if (earlier != null) {
            if (!earlier.ack().equals(ack)) {
                throw new ConflictingAck(jobId, checkpointId, key);
            }
            return AckOutcome.DUPLICATE;
        }
        acks.put(key, new ReceivedAck(ack, at, atNanos));
        return AckOutcome.ACCEPTED;
    }

    boolean expects(String taskId, int subtask) {
        return expected.containsKey(ExpectedSubtask.key(taskId, subtask));
    }

    boolean fullyAcknowledged() {
        return acks.size() == expected.size();
    }

    Collection<ExpectedSubtask> expectedSubtasks() {
        return expected.values();
    }

    /** Subtasks that have not acknowledged yet, in trigger order. */
    List<ExpectedSubtask> awaiting() {
        return expected.values().stream()
                .filter(subtask -> !acks.containsKey(subtask.key()))
                .toList();
    }

    Collection<ReceivedAck> acks() {
        return acks.values();
    }

    /** The handles of every ack that name files under {@code shared/}, in ack order. */
    List<StateHandleRef> sharedHandles() {
        return acks.values().stream()
                .flatMap(received -> received.ack().handles().stream())
                .filter(handle -> handle.location() == StateHandleRef.Location.SHARED)
                .toList();
    }

    int numAcknowledged() {
        return acks.size();
    }

    /** UNALIGNED if it was asked to be, or if any subtask's alignment timed out. */
    Alignment effectiveAlignment() {
        boolean anyUnaligned =
                acks.values().stream().anyMatch(received -> received.ack().alignmentUsed() == Alignment.UNALIGNED);
        return requestedAlignment == Alignment.UNALIGNED || anyUnaligned ? Alignment.UNALIGNED : Alignment.ALIGNED;
    }

    /** A task and its parallelism, as the job had them at trigger time. */
    record TaskShape(String taskId, int parallelism) {}

    /** An acknowledgement with the time it arrived. */
    record ReceivedAck(Acknowledge ack, Instant at, long atNanos) {}
}
