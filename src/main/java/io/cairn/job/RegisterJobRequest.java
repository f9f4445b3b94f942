package io.cairn.job;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.cairn.storage.JobIdRule;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/jobs}.
 *
 * @param jobId optional; generated (32 hex digits) when absent
 * @param checkpointRoot optional; must lie under {@code cairn.storage.checkpoint-root} or an allowed root
 * @param restoreFrom optional; resume from another job's checkpoint or savepoint, or a path
 */
record RegisterJobRequest(
        @Schema(example = "orders-1", nullable = true)
        @Pattern(regexp = JobIdRule.REGEX, message = "must be " + JobIdRule.DESCRIPTION)
        String jobId,

        @Schema(example = "orders")
        @NotBlank
        @Size(max = 200)
        @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must not contain control characters")
        String name,

        @NotEmpty @Size(max = 1000) List<@NotNull @Valid TaskSpec> tasks,
        @Valid CheckpointingSettings checkpointing,

        @Schema(example = "file:/srv/cairn/checkpoints", nullable = true) @Size(max = 1024)
        String checkpointRoot,

        @Schema(nullable = true) @Valid RestoreFrom restoreFrom) {}
