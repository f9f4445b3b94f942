package io.cairn.job;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.cairn.catalog.Restore.ClaimMode;
import io.cairn.storage.JobIdRule;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code restoreFrom} of {@code POST /api/v1/jobs}: resume the new job from a retained checkpoint or
 * savepoint of another job, or from a {@code _metadata} path (Flink's {@code flink run -s}). The
 * source takes exactly one of {@code latest}, {@code checkpointId} (both with {@code jobId}) and
 * {@code path}. Its restore commands go out once every subtask's agent has registered.
 *
 * @param jobId the job whose catalog {@code latest} and {@code checkpointId} refer to
 */
public record RestoreFrom(
        @Schema(example = "orders-1", nullable = true)
        @Pattern(regexp = JobIdRule.REGEX, message = "must be " + JobIdRule.DESCRIPTION)
        String jobId,

        @Schema(example = "true", nullable = true) Boolean latest,
        @Schema(example = "7", nullable = true) @Positive Long checkpointId,

        @Schema(example = "file:/srv/cairn/savepoints/savepoint-orders-0123456789ab", nullable = true) @Size(max = 2048)
        String path,

        @Schema(nullable = true) ClaimMode claimMode,
        @Schema(nullable = true) Boolean allowNonRestoredState) {}
