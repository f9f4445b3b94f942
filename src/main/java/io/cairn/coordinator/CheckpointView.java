package io.cairn.coordinator;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.FailureReason;
import io.cairn.protocol.Alignment;

/**
 * A checkpoint as the API shows it; {@code tasks} (per-task and per-subtask statistics) only when
 * one checkpoint is asked for. Sizes are bytes, durations milliseconds.
 *
 * @param alignment what it became: UNALIGNED when asked for, or when a task's alignment timed out
 * @param checkpointedSize bytes written for this checkpoint (stateSize less reused shared state)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointView(
        long checkpointId,
        CheckpointKind kind,
        CheckpointStatus status,
        Alignment requestedAlignment,
        Alignment alignment,
        boolean fullSnapshot,
        String externalPath,
        Instant triggeredAt,
        Instant completedAt,
        Instant failedAt,
        Instant discardedAt,
        Long endToEndDurationMs,
        int numSubtasks,
        int numAcknowledged,
        long stateSize,
        long checkpointedSize,
        long inFlightBytes,
        Long metadataBytes,
        FailureReason failureReason,
        String failureMessage,
        List<TaskStats> tasks) {

    static CheckpointView from(Checkpoint checkpoint, List<TaskStats> tasks) {
        return from(checkpoint, tasks, checkpoint.getNumAcknowledged());
    }

    /** @param numAcknowledged acks so far: for a pending checkpoint the coordinator's live count */
    static CheckpointView from(Checkpoint checkpoint, List<TaskStats> tasks, int numAcknowledged) {
        return new CheckpointView(
                checkpoint.getCheckpointId(),
                checkpoint.getKind(),
                checkpoint.getStatus(),
                checkpoint.getRequestedAlignment(),
                checkpoint.getAlignment(),
                checkpoint.isFullSnapshot(),
                checkpoint.getExternalPath(),
                checkpoint.getTriggeredAt(),
                checkpoint.getCompletedAt(),
                checkpoint.getFailedAt(),
                checkpoint.getDiscardedAt(),
                checkpoint.getDurationMs(),
                checkpoint.getNumSubtasks(),
                numAcknowledged,
                checkpoint.getStateSize(),
                checkpoint.getCheckpointedSize(),
                checkpoint.getInFlightBytes(),
                checkpoint.getMetadataBytes(),
                checkpoint.getFailureReason(),
                checkpoint.getFailureMessage(),
                tasks);
    }

    /** One task's share of a checkpoint. */
    public record TaskStats(
            String taskId,
            int parallelism,
            int numAcknowledged,
            long stateSize,
            long checkpointedSize,
            long inFlightBytes,
            Long maxEndToEndDurationMs,
            List<SubtaskStats> subtasks) {}

    /** What one subtask reported, with when its ack arrived. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubtaskStats(
            int subtask,
            Instant ackTime,
            long endToEndDurationMs,
            long stateSize,
            long checkpointedSize,
            long syncDurationMs,
            long asyncDurationMs,
            long alignmentDurationMs,
            long startDelayMs,
            long inFlightBytes,
            boolean unaligned,
            Long watermark) {}
}
