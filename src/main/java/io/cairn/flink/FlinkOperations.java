package io.cairn.flink;

import java.time.Clock;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkJobEntry;
import org.springframework.stereotype.Service;

/**
 * What Cairn asks of a Flink job through Flink's REST API: a checkpoint, a savepoint, a stop with a
 * savepoint. Each waits for Flink's answer, then catalogs the result with Flink's statistics, so
 * the caller gets back what Cairn now knows of it.
 */
@Service
class FlinkOperations {

    private final FlinkJobs jobs;
    private final FlinkCatalog catalog;
    private final FlinkRestClient flink;
    private final Clock clock;

    FlinkOperations(FlinkJobs jobs, FlinkCatalog catalog, FlinkRestClient flink, Clock clock) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.flink = flink;
        this.clock = clock;
    }

    FlinkCheckpointView checkpoint(String flinkJobId, FlinkCheckpointRequest request) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        String restUrl = restUrl(job);
        String type = request == null || request.checkpointType() == null
                ? "CONFIGURED"
                : request.checkpointType().name();
        long checkpointId =
                flink.awaitCheckpoint(restUrl, flinkJobId, flink.triggerCheckpoint(restUrl, flinkJobId, type));
        jobs.follow(job);
        return view(job, checkpointId);
    }

    FlinkCheckpointView savepoint(String flinkJobId, FlinkSavepointRequest request) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        String restUrl = restUrl(job);
        String target = request.targetDirectory() == null
                ? job.getCheckpointDirectory() + "/savepoints"
                : request.targetDirectory();
        jobs.requireUnderFlinkRoot("targetDirectory", target);
        String format = request.formatType() == null
                ? "CANONICAL"
                : request.formatType().name();
        String trigger = flink.triggerSavepoint(restUrl, flinkJobId, target, format, request.stopsTheJob());
        String location = flink.awaitSavepoint(restUrl, flinkJobId, trigger);
        FlinkSnapshotRead read = jobs.readSavepoint(location);
        long checkpointId = read.readable() ? read.checkpointId() : idInHistory(restUrl, flinkJobId, location);
        catalog.savepoint(job, checkpointId, location, read, clock.instant());
        jobs.follow(job); // Flink's statistics of it, per task too
        return view(job, checkpointId);
    }

    private long idInHistory(String restUrl, String flinkJobId, String location) {
        return flink.history(restUrl, flinkJobId).stream()
                .filter(entry -> location.equals(entry.externalPath()))
                .mapToLong(FlinkRestClient.HistoryEntry::checkpointId)
                .findFirst()
                .orElseThrow(() -> new FlinkRefused(
                        flinkJobId,
                        "list the savepoint it wrote",
                        "no checkpoint in its statistics is at " + location));
    }

    private FlinkCheckpointView view(FlinkJobEntry job, long checkpointId) {
        FlinkCheckpointEntry entry = catalog.checkpoint(job, checkpointId)
                .orElseThrow(() -> new FlinkCheckpointNotFound(job.getFlinkJobId(), checkpointId));
        return FlinkCheckpointView.from(job.getCheckpointDirectory(), job.getFlinkJobId(), entry);
    }

    private static String restUrl(FlinkJobEntry job) {
        if (job.getRestUrl() == null) {
            throw new NoFlinkRestUrl(job.getFlinkJobId());
        }
        return job.getRestUrl();
    }
}
