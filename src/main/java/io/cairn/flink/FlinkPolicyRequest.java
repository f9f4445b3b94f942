package io.cairn.flink;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code PUT /api/v1/flink/jobs/{flinkJobId}/policy}: the whole policy; an absent field is none.
 *
 * @param numRetainedCheckpoints keep the newest N checkpoints in the directory, delete older ones
 * @param savepointMaxCount keep at most N savepoints (the newest is always kept)
 * @param savepointMaxAge delete savepoints older than this (ISO-8601; the newest is always kept)
 * @param savepointInterval take a savepoint this long after the last scheduled one
 * @param savepointCron or when this cron expression says (six fields, UTC: second minute hour day month weekday)
 * @param savepointBlackouts daily windows in UTC when no scheduled savepoint starts, "HH:mm-HH:mm"
 * @param savepointFormat CANONICAL (default) or NATIVE
 */
record FlinkPolicyRequest(
        @Schema(nullable = true, example = "3") @Min(1) @Max(10_000)
        Integer numRetainedCheckpoints,

        @Schema(nullable = true, example = "5") @Min(1) @Max(10_000)
        Integer savepointMaxCount,

        @Schema(nullable = true, example = "P7D") Duration savepointMaxAge,
        @Schema(nullable = true, example = "PT6H") Duration savepointInterval,

        @Schema(nullable = true, example = "0 0 3 * * *") @Size(max = 120)
        String savepointCron,

        @Schema(nullable = true, example = "[\"22:00-02:00\"]") @Size(max = 24)
        List<@NotNull @Size(max = 20) String> savepointBlackouts,

        @Schema(nullable = true, example = "CANONICAL") FlinkSavepointRequest.Format savepointFormat) {}
