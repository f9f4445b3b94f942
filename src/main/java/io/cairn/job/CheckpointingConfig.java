package io.cairn.job;

import java.time.Duration;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import io.cairn.protocol.Alignment;

/** How {@link CheckpointingSettings} are stored: durations as milliseconds, enums by name. */
@Embeddable
class CheckpointingConfig {

    @Column(name = "interval_ms")
    private Long intervalMs;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Alignment mode;

    @Column(name = "aligned_timeout_ms", nullable = false)
    private long alignedTimeoutMs;

    @Column(name = "timeout_ms", nullable = false)
    private long timeoutMs;

    @Column(name = "min_pause_ms", nullable = false)
    private long minPauseMs;

    @Column(name = "max_concurrent", nullable = false)
    private int maxConcurrent;

    @Column(name = "tolerable_failures", nullable = false)
    private int tolerableFailures;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 40)
    private RetentionMode retention;

    @Column(name = "num_retained", nullable = false)
    private int numRetained;

    protected CheckpointingConfig() {}

    static CheckpointingConfig from(CheckpointingSettings requested) {
        CheckpointingSettings settings = requested.withDefaults();
        CheckpointingConfig config = new CheckpointingConfig();
        config.intervalMs =
                settings.interval() == null ? null : settings.interval().toMillis();
        config.mode = settings.mode();
        config.alignedTimeoutMs = settings.alignedTimeout().toMillis();
        config.timeoutMs = settings.timeout().toMillis();
        config.minPauseMs = settings.minPause().toMillis();
        config.maxConcurrent = settings.maxConcurrent();
        config.tolerableFailures = settings.tolerableFailures();
        config.retention = settings.retention();
        config.numRetained = settings.numRetained();
        return config;
    }

    CheckpointingSettings toSettings() {
        return new CheckpointingSettings(
                intervalMs == null ? null : Duration.ofMillis(intervalMs),
                mode,
                Duration.ofMillis(alignedTimeoutMs),
                Duration.ofMillis(timeoutMs),
                Duration.ofMillis(minPauseMs),
                maxConcurrent,
                tolerableFailures,
                retention,
                numRetained);
    }
}
