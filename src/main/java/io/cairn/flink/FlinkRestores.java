package io.cairn.flink;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkJobEntry;
import org.springframework.stereotype.Service;

/**
 * Restores of Flink jobs: every check first (the snapshot is retained, its {@code _metadata} reads
 * now, and every file it names is there with the size it records), then, when asked, the start
 * through Flink's {@code /jars/:jarid/run}. A refused check starts nothing.
 */
@Service
class FlinkRestores {

    private final FlinkCatalog catalog;
    private final FlinkJobs jobs;
    private final FlinkRestClient flink;

    FlinkRestores(FlinkCatalog catalog, FlinkJobs jobs, FlinkRestClient flink) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.flink = flink;
    }

    FlinkRestoreView restore(String flinkJobId, FlinkRestoreRequest request) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        long checkpointId = request.checkpointId();
        FlinkCheckpointEntry entry = catalog.checkpoint(job, checkpointId)
                .orElseThrow(() -> new FlinkCheckpointNotFound(flinkJobId, checkpointId));
        if (entry.getStatus() != FlinkCheckpointEntry.Status.RETAINED) {
            throw new FlinkRestoreRefused(
                    flinkJobId,
                    checkpointId,
                    "it is " + entry.getStatus() + (entry.getProblem() == null ? "" : " (" + entry.getProblem() + ")"));
        }
        if (request.jarId() != null && job.getRestUrl() == null) {
            throw new NoFlinkRestUrl(flinkJobId);
        }
        Checked checked = entry.getKind() == FlinkCheckpointEntry.Kind.SAVEPOINT
                ? checkSavepoint(flinkJobId, entry)
                : checkCheckpoint(job, checkpointId);
        String startedJobId =
                request.jarId() == null ? null : flink.runJar(job.getRestUrl(), flinkJobId, checked.path(), request);
        return new FlinkRestoreView(
                flinkJobId,
                checkpointId,
                checked.path(),
                request.claimModeOrDefault(),
                request.allowsNonRestoredState(),
                checked.files(),
                checked.bytes(),
                startedJobId);
    }

    private record Checked(String path, int files, long bytes) {}

    private Checked checkCheckpoint(FlinkJobEntry job, long checkpointId) {
        String flinkJobId = job.getFlinkJobId();
        FlinkJobDirectory found = jobs.look(job);
        FlinkSnapshotRead read = found.checkpoint(checkpointId)
                .orElseThrow(() -> new FlinkRestoreRefused(flinkJobId, checkpointId, "its _metadata is gone"));
        Map<String, Long> sizes = new HashMap<>();
        found.files().forEach(file -> sizes.put(file.path(), file.size()));
        return checkFiles(flinkJobId, checkpointId, read, file -> found.layout().relative(file), sizes)
                .withPath(job.getCheckpointDirectory() + "/" + flinkJobId + "/chk-" + checkpointId);
    }

    private Checked checkSavepoint(String flinkJobId, FlinkCheckpointEntry entry) {
        FlinkDeletionPlanner.SavepointDirectory directory =
                new FlinkDeletionPlanner.SavepointDirectory(entry.getExternalPath());
        FlinkSnapshotRead read = jobs.readSavepoint(directory.location());
        Map<String, Long> sizes = new HashMap<>();
        jobs.listSavepoint(directory).forEach(file -> sizes.put(file.path(), file.size()));
        String prefix = directory.location() + "/";
        return checkFiles(
                        flinkJobId,
                        entry.getCheckpointId(),
                        read,
                        file -> file.toString().startsWith(prefix)
                                ? Optional.of(
                                        directory.name() + "/" + file.toString().substring(prefix.length()))
                                : Optional.empty(),
                        sizes)
                .withPath(directory.location());
    }

    private static CheckedFiles checkFiles(
            String flinkJobId,
            long checkpointId,
            FlinkSnapshotRead read,
            Function<URI, Optional<String>> relative,
            Map<String, Long> sizes) {
        if (!read.readable()) {
            throw new FlinkRestoreRefused(
                    flinkJobId, checkpointId, "its _metadata cannot be read (" + read.problem() + ")");
        }
        Map<String, Long> named = new HashMap<>();
        for (FlinkStateFile file : read.metadata().files()) {
            String path = relative.apply(file.uri())
                    .orElseThrow(() -> new FlinkRestoreRefused(
                            flinkJobId,
                            checkpointId,
                            "it names " + file.uri()
                                    + ", outside the directories Cairn reads, so it cannot be checked"));
            named.put(path, file.bytes());
        }
        for (Map.Entry<String, Long> file : named.entrySet()) {
            Long size = sizes.get(file.getKey());
            if (size == null) {
                throw new FlinkRestoreRefused(flinkJobId, checkpointId, "its file " + file.getKey() + " is missing");
            }
            if (size.longValue() != file.getValue()) {
                throw new FlinkRestoreRefused(
                        flinkJobId,
                        checkpointId,
                        "its file " + file.getKey() + " holds " + size + " bytes where _metadata records "
                                + file.getValue());
            }
        }
        return new CheckedFiles(
                named.size(), named.values().stream().mapToLong(Long::longValue).sum());
    }

    private record CheckedFiles(int files, long bytes) {

        Checked withPath(String path) {
            return new Checked(path, files, bytes);
        }
    }
}
