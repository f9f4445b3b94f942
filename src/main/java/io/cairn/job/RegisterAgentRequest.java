package io.cairn.job;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code PUT /jobs/{jobId}/agents/{taskId}/{subtask}}: where Cairn reaches the agent, and
 * whether that URL serves several subtasks of the job and takes batched calls (absent: no).
 */
record RegisterAgentRequest(
        @Schema(example = "http://10.0.3.17:9250") @NotBlank @Size(max = 2048)
        String url,

        @Schema(
                description = "true: this URL serves several subtasks of the job; Cairn sends one trigger and"
                        + " one notice per checkpoint for all of them (agent protocol, batched agents)",
                nullable = true,
                example = "false")
        Boolean batched) {

    boolean isBatched() {
        return Boolean.TRUE.equals(batched);
    }
}
