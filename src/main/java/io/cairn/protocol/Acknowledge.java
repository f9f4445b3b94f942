package io.cairn.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Agent to Cairn, {@code POST /api/v1/jobs/{jobId}/checkpoints/{n}/acks}: my snapshot is
 * written. Safe to repeat: a duplicate is answered DUPLICATE and counted once.
 *
 * @param stateSize bytes of state the snapshot describes (full size, reused shared files included)
 * @param checkpointedSize bytes written for this checkpoint (new files and inline state)
 * @param inFlightBytes bytes of overtaken records stored with an unaligned snapshot
 * @param startDelayMs from the trigger's timestamp until the subtask began its snapshot
 * @param watermark the subtask's event-time watermark at the snapshot, or null when it has none
 * @param alignmentUsed what the subtask did: UNALIGNED when it was asked to align but its
 *     alignment timed out
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Acknowledge(
        long checkpointId,
        String taskId,
        int subtask,
        List<StateHandleRef> handles,
        long stateSize,
        long checkpointedSize,
        long inFlightBytes,
        long alignmentMs,
        long startDelayMs,
        long syncMs,
        long asyncMs,
        Long watermark,
        Alignment alignmentUsed) {

    public Acknowledge {
        handles = handles == null ? List.of() : List.copyOf(handles);
    }
}
