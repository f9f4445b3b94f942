package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Agent to Cairn, {@code POST /api/v1/jobs/{jobId}/checkpoints/{n}/declines}: I cannot snapshot; abort it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decline(long checkpointId, String taskId, int subtask, String reason) {}
