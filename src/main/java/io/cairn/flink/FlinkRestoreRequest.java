package io.cairn.flink;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/flink/jobs/{flinkJobId}/restores}.
 *
 * @param checkpointId the retained checkpoint or savepoint to start from
 * @param claimMode NO_CLAIM (default: Flink copies nothing and never deletes it; its first checkpoint is full)
 *     or CLAIM (Flink owns it from then on and may delete it)
 * @param allowNonRestoredState start even if some state in it maps to no operator of the new job
 * @param jarId optional: a jar uploaded to the session cluster at the job's restUrl; with it Cairn
 *     starts the job through {@code POST /jars/:jarid/run} (Flink 1.20 or later)
 * @param entryClass the jar's main class, when its manifest names none
 * @param programArgs arguments of the main class
 * @param parallelism the new job's default parallelism; the jar's own when absent
 */
record FlinkRestoreRequest(
        @NotNull @Min(1) Long checkpointId,
        @Schema(nullable = true, example = "NO_CLAIM") ClaimMode claimMode,
        @Schema(nullable = true, example = "false") Boolean allowNonRestoredState,

        @Schema(nullable = true, example = "d7e5c1a0-9f3b-4e2a-8c6d-1b2a3c4d5e6f_orders.jar")
        @Size(max = 300)
        @Pattern(regexp = "^[A-Za-z0-9._-]+$", message = "must be the jar id Flink's upload returned")
        String jarId,

        @Schema(nullable = true, example = "com.example.Orders") @Size(max = 300)
        String entryClass,

        @Schema(nullable = true) @Size(max = 100) List<@NotNull @Size(max = 1000) String> programArgs,

        @Schema(nullable = true, example = "4") @Min(1) @Max(32_768)
        Integer parallelism) {

    enum ClaimMode {
        NO_CLAIM,
        CLAIM
    }

    ClaimMode claimModeOrDefault() {
        return claimMode == null ? ClaimMode.NO_CLAIM : claimMode;
    }

    boolean allowsNonRestoredState() {
        return Boolean.TRUE.equals(allowNonRestoredState);
    }
}
