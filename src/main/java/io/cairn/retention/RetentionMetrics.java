package io.cairn.retention;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.cairn.common.JobTag;
import io.cairn.storage.StorageUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

/**
 * Retention's meters: files and bytes deleted, deletion failures, the deletion backlog, orphans
 * found, and per job the retained checkpoints and bytes (exclusive to checkpoints vs shared).
 */
@Component
class RetentionMetrics {

    private final Counter filesDeleted;
    private final Counter bytesDeleted;
    private final Counter failures;
    private final Counter orphansFound;
    private final Map<String, RetainedFigures> retainedByJob = new ConcurrentHashMap<>();
    private final MultiGauge orphanedBytes;
    private final MeterRegistry registry;

    RetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.filesDeleted = Counter.builder("cairn.retention.deleted.files")
                .description("Files deleted by retention")
                .register(registry);
        this.bytesDeleted = Counter.builder("cairn.retention.deleted.bytes")
                .baseUnit("bytes")
                .description("Bytes deleted by retention")
                .register(registry);
        this.failures = Counter.builder("cairn.retention.deletion.failures")
                .description("Deletions that failed and will be retried")
                .register(registry);
        this.orphansFound = Counter.builder("cairn.retention.orphans.found")
                .description("Orphaned files and directories found by scans")
                .register(registry);
        this.orphanedBytes = MultiGauge.builder("cairn.retention.orphaned.bytes")
                .baseUnit("bytes")
                .description("Bytes no catalog entry references, per job directory, as of the last scan or sweep")
                .register(registry);
    }

    void backlog(Supplier<Number> backlog) {
        Gauge.builder("cairn.retention.backlog", backlog)
                .description("Deletions journaled and not yet done")
                .register(registry);
    }

    void deleted(StorageUsage usage) {
        filesDeleted.increment(usage.files());
        bytesDeleted.increment(usage.bytes());
    }

    void failed() {
        failures.increment();
    }

    void orphansFound(int count) {
        orphansFound.increment(count);
    }

    /** Bytes of orphans still on storage after the last scan or sweep, per job directory they lie in. */
    void orphaned(List<Orphan> remaining) {
        Map<String, Long> bytes = new TreeMap<>();
        remaining.forEach(orphan -> bytes.merge(jobOf(orphan), orphan.bytes(), Long::sum));
        orphanedBytes.register(
                bytes.entrySet().stream()
                        .map(entry -> MultiGauge.Row.of(Tags.of(JobTag.NAME, entry.getKey()), entry.getValue()))
                        .toList(),
                true);
    }

    /** A savepoint directory names only a prefix of its job's id: those count under "savepoints". */
    private static String jobOf(Orphan orphan) {
        if (orphan.kind() == Orphan.Kind.SAVEPOINT_DIRECTORY) {
            return "savepoints";
        }
        int slash = orphan.path().indexOf('/');
        return slash < 0 ? orphan.path() : orphan.path().substring(0, slash);
    }

    /**
     * One job's figures. Its three gauges are registered the first time and read the latest figures
     * from then on: re-registering every job's rows on each refresh cost time in proportion to the
     * number of jobs, on every refresh (a sixth of a replica's CPU at 1,000 agents).
     */
    void retained(RetainedFigures figures) {
        String jobId = figures.jobId();
        if (retainedByJob.put(jobId, figures) != null) {
            return;
        }
        Gauge.builder(
                        "cairn.retention.retained.checkpoints",
                        retainedByJob,
                        byJob -> byJob.get(jobId).checkpoints())
                .description("Completed checkpoints kept, per job")
                .tags(JobTag.NAME, jobId)
                .register(registry);
        retainedBytes(jobId, "exclusive", RetainedFigures::exclusiveBytes);
        retainedBytes(jobId, "shared", RetainedFigures::sharedBytes);
    }

    private void retainedBytes(String jobId, String kind, ToLongFunction<RetainedFigures> bytes) {
        Gauge.builder("cairn.retention.retained.bytes", retainedByJob, byJob -> bytes.applyAsLong(byJob.get(jobId)))
                .baseUnit("bytes")
                .description("Bytes kept, per job and kind (exclusive to checkpoints, or shared)")
                .tags(JobTag.NAME, jobId, "kind", kind)
                .register(registry);
    }

    /** What one job keeps. */
    record RetainedFigures(String jobId, long checkpoints, long exclusiveBytes, long sharedBytes) {}
}
