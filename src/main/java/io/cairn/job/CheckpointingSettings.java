package io.cairn.job;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.cairn.protocol.Alignment;
import io.swagger.v3.oas.annotations.media.Schema;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * A job's checkpointing knobs (DESIGN section 3). In a request every field may be absent and then
 * takes Flink's default; in a response every field is present except {@code interval}, which is
 * null when periodic checkpointing is off.
 *
 * @param interval time between periodic checkpoints; null: only manual triggers
 * @param mode alignment of periodic and default manual checkpoints
 * @param alignedTimeout how long an aligned checkpoint may align before a task switches to
 *     unaligned; zero: never switch
 * @param timeout a checkpoint not complete by then expires
 * @param minPause least time between the end of one checkpoint and the start of the next
 * @param maxConcurrent checkpoints in flight at once (an unaligned one always runs alone)
 * @param tolerableFailures consecutive failures before the job's checkpointing is unhealthy
 * @param retention what happens to completed checkpoints when the job ends
 * @param numRetained completed checkpoints kept; older ones are subsumed
 */
@Schema(description = "Checkpointing configuration; absent fields take Flink's defaults")
public record CheckpointingSettings(
        @Schema(example = "PT30S", nullable = true) @DurationMin(millis = 10) @DurationMax(days = 365)
        Duration interval,

        @Schema(example = "ALIGNED") Alignment mode,

        @Schema(example = "PT0S") @DurationMin(millis = 0) @DurationMax(days = 1)
        Duration alignedTimeout,

        @Schema(example = "PT10M") @DurationMin(millis = 10) @DurationMax(days = 7)
        Duration timeout,

        @Schema(example = "PT0S") @DurationMin(millis = 0) @DurationMax(days = 365)
        Duration minPause,

        @Schema(example = "1") @Min(1) @Max(64) Integer maxConcurrent,
        @Schema(example = "0") @Min(0) @Max(1_000_000) Integer tolerableFailures,
        @Schema(example = "RETAIN_ON_CANCELLATION") RetentionMode retention,
        @Schema(example = "1") @Min(1) @Max(10_000) Integer numRetained) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** These settings with every absent field but {@code interval} set to its default. */
    public CheckpointingSettings withDefaults() {
        return new CheckpointingSettings(
                interval,
                mode != null ? mode : Alignment.ALIGNED,
                alignedTimeout != null ? alignedTimeout : Duration.ZERO,
                timeout != null ? timeout : DEFAULT_TIMEOUT,
                minPause != null ? minPause : Duration.ZERO,
                maxConcurrent != null ? maxConcurrent : 1,
                tolerableFailures != null ? tolerableFailures : 0,
                retention != null ? retention : RetentionMode.NO_EXTERNALIZED_CHECKPOINTS,
                numRetained != null ? numRetained : 1);
    }

    /** All defaults, periodic checkpointing off. */
    public static CheckpointingSettings defaults() {
        return new CheckpointingSettings(null, null, null, null, null, null, null, null, null).withDefaults();
    }
}
