package io.cairn.flink;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkJobEntry;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.StoredEntry;
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

    /** What a restore starts from, with the files checked. */
    private record Checked(String path, int files, long bytes) {}

    private Checked checkCheckpoint(FlinkJobEntry job, long checkpointId) {
        String flinkJobId = job.getFlinkJobId();
        FlinkJobDirectory found = jobs.look(job);
        FlinkSnapshotRead read = found.checkpoint(checkpointId)
                .orElseThrow(() -> new FlinkRestoreRefused(flinkJobId, checkpointId, "its _metadata is gone"));
        return checkFiles(
                flinkJobId,
                checkpointId,
                job.getCheckpointDirectory() + "/" + CheckpointLayout.checkpointDirectory(flinkJobId, checkpointId),
                read,
                found.layout()::relative,
                found.files());
    }

    private Checked checkSavepoint(String flinkJobId, FlinkCheckpointEntry entry) {
        SavepointDirectory directory = new SavepointDirectory(entry.getExternalPath());
        return checkFiles(
                flinkJobId,
                entry.getCheckpointId(),
                directory.location(),
                jobs.readSavepoint(directory.location()),
                directory::relative,
                jobs.listSavepoint(directory));
    }

    /**
     * Every file the snapshot names must be among those listed, with the size it records.
     *
     * @param relative where a named file is among the listed ones; empty when outside what Cairn reads
     */
    private static Checked checkFiles(
            String flinkJobId,
            long checkpointId,
            String path,
            FlinkSnapshotRead read,
            Function<URI, Optional<String>> relative,
            List<StoredEntry> listed) {
        if (!read.readable()) {
            throw new FlinkRestoreRefused(
                    flinkJobId, checkpointId, "its _metadata cannot be read (" + read.problem() + ")");
        }
        Map<String, Long> sizes = new HashMap<>();
        listed.forEach(file -> sizes.put(file.path(), file.size()));
        Map<String, Long> named = new HashMap<>();
        for (FlinkStateFile file : read.metadata().files()) {
            String relativePath = relative.apply(file.uri())
                    .orElseThrow(() -> new FlinkRestoreRefused(
                            flinkJobId,
                            checkpointId,
                            "it names " + file.uri()
                                    + ", outside the directories Cairn reads, so it cannot be checked"));
            named.put(relativePath, file.bytes());
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
        return new Checked(
                path,
                named.size(),
                named.values().stream().mapToLong(Long::longValue).sum());
    }
}
