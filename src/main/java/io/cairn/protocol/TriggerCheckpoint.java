package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

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
        long epoch) {}
