package io.cairn.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Cairn to agent, {@code POST /v1/checkpoints/trigger}: take a snapshot of your subtask now.
 * A trigger may be repeated (Cairn retries on a lost answer); the agent snapshots once per id.
 *
 * @param timestamp wall-clock time of the trigger in epoch milliseconds
 * @param alignedTimeoutMs for an aligned checkpoint, how long the task may align before it
 *     switches to unaligned; 0: never switch
 * @param exclusiveDir URI of {@code chk-N/}: files only this checkpoint uses
 * @param sharedDir URI of {@code shared/}: files later checkpoints may reuse
 * @param taskOwnedDir URI of {@code taskowned/}: files the task owns; Cairn never deletes them
 * @param fullSnapshot true when nothing in {@code shared/} may be reused (after a NO_CLAIM restore)
 * @param ackUrl where to POST the {@link Acknowledge}
 * @param declineUrl where to POST a {@link Decline}
 * @param savepoint true for a savepoint: everything goes under {@code exclusiveDir} (it must be
 *     self-contained), nothing earlier may be reused, and it is always aligned
 * @param epoch the lease epoch of the replica coordinating the job (0 with one replica; absent
 *     from Cairn before it, read as 0): an agent refuses a trigger older than the highest it saw
 * @param subtasks only to an agent registered batched: every subtask of its URL this checkpoint
 *     expects, {@code taskId} and {@code subtask} naming the first; absent otherwise (added within
 *     version 1, 2026-12-02)
 * @param ackBatchUrl only with {@code subtasks}: where to POST an {@link AckBatch} of several of them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerCheckpoint(
        String jobId,
        long checkpointId,
        String taskId,
        int subtask,
        long timestamp,
        Alignment alignment,
        long alignedTimeoutMs,
        String exclusiveDir,
        String sharedDir,
        String taskOwnedDir,
        boolean fullSnapshot,
        String ackUrl,
        String declineUrl,
        boolean savepoint,
        long epoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<SubtaskRef> subtasks,
        @JsonInclude(JsonInclude.Include.NON_NULL) String ackBatchUrl) {

    /** A trigger of one subtask. */
    public TriggerCheckpoint(
            String jobId,
            long checkpointId,
            String taskId,
            int subtask,
            long timestamp,
            Alignment alignment,
            long alignedTimeoutMs,
            String exclusiveDir,
            String sharedDir,
            String taskOwnedDir,
            boolean fullSnapshot,
            String ackUrl,
            String declineUrl,
            boolean savepoint,
            long epoch) {
        this(
                jobId,
                checkpointId,
                taskId,
                subtask,
                timestamp,
                alignment,
                alignedTimeoutMs,
                exclusiveDir,
                sharedDir,
                taskOwnedDir,
                fullSnapshot,
                ackUrl,
                declineUrl,
                savepoint,
                epoch,
                null,
                null);
    }

    /** The same trigger for one subtask. */
    public TriggerCheckpoint forSubtask(String subtaskTaskId, int subtaskIndex) {
        return new TriggerCheckpoint(
                jobId,
                checkpointId,
                subtaskTaskId,
                subtaskIndex,
                timestamp,
                alignment,
                alignedTimeoutMs,
                exclusiveDir,
                sharedDir,
                taskOwnedDir,
                fullSnapshot,
                ackUrl,
                declineUrl,
                savepoint,
                epoch);
    }

    /** The same trigger for several subtasks of one batched agent. */
    public TriggerCheckpoint batchedFor(List<SubtaskRef> batch, String batchUrl) {
        SubtaskRef first = batch.get(0);
        return new TriggerCheckpoint(
                jobId,
                checkpointId,
                first.taskId(),
                first.subtask(),
                timestamp,
                alignment,
                alignedTimeoutMs,
                exclusiveDir,
                sharedDir,
                taskOwnedDir,
                fullSnapshot,
                ackUrl,
                declineUrl,
                savepoint,
                epoch,
                List.copyOf(batch),
                batchUrl);
    }

    /** One trigger per subtask addressed: a batched trigger split, any other as it is. */
    public List<TriggerCheckpoint> perSubtask() {
        if (subtasks == null || subtasks.isEmpty()) {
            return List.of(this);
        }
        return subtasks.stream()
                .map(each -> forSubtask(each.taskId(), each.subtask()))
                .toList();
    }
}
