package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.FailureReason;
import io.cairn.common.JobTag;
import io.cairn.protocol.Alignment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The coordinator's meters, tagged by job ({@link JobTag}): checkpoints started, completed and
 * failed (by reason), in progress, end-to-end duration and size as histograms by kind (checkpoint
 * or savepoint), the periodic interval, and the last completed id and its age.
 */
@Component
class CheckpointMetrics {

    /**
     * Fixed buckets, 15 for durations and 16 for sizes per job and kind: Micrometer's percentile
     * histogram would publish 69 and 276, too many series per job for a Prometheus with many jobs.
     */
    private static final Duration[] DURATION_BUCKETS = Stream.of(
                    10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private static final double[] SIZE_BUCKETS = LongStream.iterate(
                    1L << 10, size -> size <= 1L << 40, size -> size * 4)
            .asDoubleStream()
            .toArray();

    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> gaugedJobs = ConcurrentHashMap.newKeySet();

    CheckpointMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the per-job gauges once; they read the coordinator's memory of the job. */
    void watch(JobCheckpoints job) {
        if (!gaugedJobs.add(job.jobId)) {
            return;
        }
        Gauge.builder("cairn.checkpoints.in.progress", job, JobCheckpoints::pendingCount)
                .tag(JobTag.NAME, job.jobId)
                .description("Checkpoints triggered and not yet ended")
                .register(registry);
        Gauge.builder("cairn.checkpoint.last.completed.id", job, JobCheckpoints::lastCompletedId)
                .tag(JobTag.NAME, job.jobId)
                .description("Id of the newest completed checkpoint")
                .register(registry);
        Gauge.builder("cairn.checkpoint.interval", job, JobCheckpoints::intervalSeconds)
                .tag(JobTag.NAME, job.jobId)
                .baseUnit("seconds")
                .description("Interval of periodic checkpoints; NaN when they are off")
                .register(registry);
        Gauge.builder("cairn.checkpoint.last.completed.age", job, this::ageSeconds)
                .tag(JobTag.NAME, job.jobId)
                .baseUnit("seconds")
                .description("Time since the newest checkpoint completed; NaN before the first")
                .register(registry);
    }

    void started(String jobId, Alignment alignment) {
        Counter.builder("cairn.checkpoints.started")
                .tag(JobTag.NAME, jobId)
                .tag("alignment", alignment.name())
                .description("Checkpoints triggered")
                .register(registry)
                .increment();
    }

    void completed(String jobId, CheckpointKind kind, Alignment alignment, Duration endToEnd, long stateSize) {
        // Savepoints count with the checkpoints they are started and failed with; the kind tag tells them apart.
        Counter.builder("cairn.checkpoints.completed")
                .tag(JobTag.NAME, jobId)
                .tag("alignment", alignment.name())
                .description("Checkpoints completed")
                .register(registry)
                .increment();
        Timer.builder("cairn.checkpoint.duration")
                .tag(JobTag.NAME, jobId)
                .tag("kind", kind.name())
                .serviceLevelObjectives(DURATION_BUCKETS)
                .description("Trigger to completion, _metadata included")
                .register(registry)
                .record(endToEnd);
        DistributionSummary.builder("cairn.checkpoint.size")
                .tag(JobTag.NAME, jobId)
                .tag("kind", kind.name())
                .baseUnit("bytes")
                .serviceLevelObjectives(SIZE_BUCKETS)
                .description("State size of completed checkpoints")
                .register(registry)
                .record(stateSize);
    }

    void failed(String jobId, FailureReason reason) {
        Counter.builder("cairn.checkpoints.failed")
                .tag(JobTag.NAME, jobId)
                .tag("reason", reason.name())
                .description("Checkpoints that ended without completing")
                .register(registry)
                .increment();
    }

    private double ageSeconds(JobCheckpoints job) {
        var last = job.lastCompletedAt();
        return last == null
                ? Double.NaN
                : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
