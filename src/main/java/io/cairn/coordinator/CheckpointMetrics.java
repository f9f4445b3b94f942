package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.agent.Alignment;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The coordinator's meters, tagged by job: checkpoints started, completed and failed (by reason),
 * in progress, end-to-end duration and size as histograms, and the last completed id and its age.
 */
@Component
class CheckpointMetrics {

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
                .tag("job", job.jobId).description("Checkpoints triggered and not yet ended").register(registry);
        Gauge.builder("cairn.checkpoint.last.completed.id", job, JobCheckpoints::lastCompletedId)
                .tag("job", job.jobId).description("Id of the newest completed checkpoint").register(registry);
        Gauge.builder("cairn.checkpoint.last.completed.age", job, this::ageSeconds)
                .tag("job", job.jobId).baseUnit("seconds")
                .description("Time since the newest checkpoint completed; NaN before the first").register(registry);
    }

    void started(String jobId, Alignment alignment) {
        Counter.builder("cairn.checkpoints.started").tag("job", jobId).tag("alignment", alignment.name())
                .description("Checkpoints triggered").register(registry).increment();
    }

    void completed(String jobId, CheckpointKind kind, Alignment alignment, Duration endToEnd, long stateSize) {
        // Savepoints count with the checkpoints they are started and failed with; their durations apart.
        Counter.builder("cairn.checkpoints.completed").tag("job", jobId).tag("alignment", alignment.name())
                .description("Checkpoints completed").register(registry).increment();
        if (kind == CheckpointKind.SAVEPOINT) {
            Timer.builder("cairn.savepoint.duration").tag("job", jobId)
                    .description("Savepoint trigger to completion, _metadata included").register(registry)
                    .record(endToEnd);
            return;
        }
        Timer.builder("cairn.checkpoint.duration").tag("job", jobId).publishPercentileHistogram()
                .description("Trigger to completion, _metadata included").register(registry).record(endToEnd);
        DistributionSummary.builder("cairn.checkpoint.size").tag("job", jobId).baseUnit("bytes")
                .publishPercentileHistogram().description("State size of completed checkpoints")
                .register(registry).record(stateSize);
    }

    void failed(String jobId, FailureReason reason) {
        Counter.builder("cairn.checkpoints.failed").tag("job", jobId).tag("reason", reason.name())
                .description("Checkpoints that ended without completing").register(registry).increment();
    }

    private double ageSeconds(JobCheckpoints job) {
        var last = job.lastCompletedAt();
        return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
