package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Agent's answer to {@code GET /v1/health}; Cairn probes the agents of running checkpoints with it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentHealth(String jobId, String taskId, int subtask, String status) {}
