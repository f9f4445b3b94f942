package io.cairn.flink;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/flink/jobs}.
 *
 * @param flinkJobId Flink's job id, 32 hex digits as Flink prints it: the name of the job's directory
 * @param name optional; the job id when absent
 * @param checkpointDirectory the job's {@code execution.checkpointing.dir}; its files are under
 *     {@code <checkpointDirectory>/<flinkJobId>/}
 * @param restUrl optional; Flink's REST endpoint (the JobManager's, e.g. {@code http://jobmanager:8081}):
 *     with it Cairn triggers checkpoints and savepoints and follows Flink's statistics; without, it only
 *     reads the directory
 */
record AdoptFlinkJobRequest(
        @Schema(example = "5f3c8e0a9d1b4c7e8f2a6b3d1e0c9f7a")
        @NotBlank
        @Pattern(regexp = "^[0-9a-f]{32}$", message = "must be Flink's job id: 32 lower-case hex digits")
        String flinkJobId,

        @Schema(example = "orders", nullable = true)
        @Size(max = 200)
        @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must not contain control characters")
        String name,

        @Schema(example = "file:/srv/flink/checkpoints") @NotBlank @Size(max = 1024)
        String checkpointDirectory,

        @Schema(example = "http://jobmanager:8081", nullable = true)
        @Size(max = 2048)
        @Pattern(regexp = "^https?://[^\\s/?#]+(/[^\\s?#]*)?$", message = "must be an http:// or https:// URL")
        String restUrl) {}
