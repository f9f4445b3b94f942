package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Cairn to agent, {@code POST /v1/checkpoints/{n}/complete} or {@code /abort}: the checkpoint
 * completed (state older than it may be released) or was aborted ({@code reason} says why; stop
 * working on it). Delivered at most once per agent, best effort: an agent must not depend on it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointNotification(String jobId, long checkpointId, String reason) {}
