package io.cairn.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Agent to Cairn, {@code POST /api/v1/jobs/{jobId}/checkpoints/{n}/ack-batches}: the acks of
 * several subtasks of one checkpoint in one call, as a batched agent may send them (added within
 * version 1, 2026-12-02). Each is taken as if sent alone, in order; safe to repeat as a whole.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckBatch(long checkpointId, List<Acknowledge> acks) {

    public AckBatch {
        acks = acks == null ? List.of() : List.copyOf(acks);
    }
}
