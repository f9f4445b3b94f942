package io.cairn.job;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code PUT /jobs/{jobId}/agents/{taskId}/{subtask}}: where Cairn reaches the agent. */
record RegisterAgentRequest(
        @Schema(example = "http://10.0.3.17:9250") @NotBlank @Size(max = 2048)
        String url) {}
