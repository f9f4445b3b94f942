package io.cairn.restore;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.cairn.catalog.Restore.ClaimMode;
import io.cairn.job.TaskSpec;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/jobs/{jobId}/restores}.
 *
 * @param claimMode NO_CLAIM (default): Cairn never deletes the restored checkpoint and the next
 *     checkpoint is full; CLAIM: it becomes the job's own and retention may delete it
 * @param allowNonRestoredState skip state of tasks the job no longer has instead of refusing
 * @param tasks the job's new tasks and parallelism, to rescale it while restoring (aligned
 *     checkpoints and savepoints only); the restore then waits for the new shape's agents
 */
record RestoreRequest(
        @NotNull @Valid Source source,
        ClaimMode claimMode,
        Boolean allowNonRestoredState,
        @Schema(nullable = true) @Size(min = 1, max = 1000) List<@NotNull @Valid TaskSpec> tasks) {

    /** Exactly one of the three. */
    record Source(
            @Schema(example = "true", nullable = true) Boolean latest,

            @Schema(example = "7", nullable = true) @Positive
            Long checkpointId,

            @Schema(example = "file:/srv/cairn/checkpoints/orders-1/chk-7", nullable = true) @Size(max = 2048)
            String path) {}

    ClaimMode claimModeOrDefault() {
        return claimMode != null ? claimMode : ClaimMode.NO_CLAIM;
    }

    boolean allowNonRestored() {
        return Boolean.TRUE.equals(allowNonRestoredState);
    }
}
