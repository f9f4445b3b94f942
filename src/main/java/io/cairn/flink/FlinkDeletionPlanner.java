package io.cairn.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cairn.flink.FlinkDeletionPlan.PlannedFile;

/**
 * Decides what deleting a Flink checkpoint removes: its {@code _metadata}, then every file it
 * references in its own {@code chk-N/} or the job's {@code shared/} that no other retained
 * checkpoint references. Files it does not reference are not its to delete, even in its own
 * directory (the orphan report lists them), and files elsewhere are never Cairn's.
 */
final class FlinkDeletionPlanner {

    private FlinkDeletionPlanner() {}

    static FlinkDeletionPlan plan(FlinkJobLayout layout, FlinkSnapshotRead target, Set<String> referencedByOthers) {
        if (!target.readable()) {
            throw new IllegalArgumentException("checkpoint " + target.checkpointId() + " was not read");
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put(target.metadataPath(), target.metadataBytes());
        int keptReferenced = 0;
        int keptElsewhere = 0;
        for (FlinkStateFile file : target.metadata().files()) {
            Optional<String> relative = layout.relative(file.uri());
            if (relative.isEmpty() || !isDeletablePlace(layout.place(relative.get(), target.checkpointId()))) {
                keptElsewhere++;
            } else if (referencedByOthers.contains(relative.get())) {
                keptReferenced++;
            } else {
                deleted.putIfAbsent(relative.get(), file.bytes());
            }
        }
        List<PlannedFile> files = new ArrayList<>();
        deleted.forEach((path, bytes) -> files.add(new PlannedFile(path, bytes)));
        long bytes = files.stream().mapToLong(PlannedFile::bytes).sum();
        return new FlinkDeletionPlan(target.checkpointId(), files, bytes, keptReferenced, keptElsewhere);
    }

    /**
     * A savepoint is self-contained: its {@code _metadata} and every file it names inside its own
     * directory go; paths are relative to the directory holding it ({@code <savepoint-dir>/...}).
     */
    static FlinkDeletionPlan planSavepoint(long checkpointId, SavepointDirectory directory, FlinkSnapshotRead read) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put(directory.name() + "/" + read.metadataPath(), read.metadataBytes());
        int keptElsewhere = 0;
        for (FlinkStateFile file : read.metadata().files()) {
            Optional<String> relative = directory.relative(file.uri());
            if (relative.isEmpty()) {
                keptElsewhere++;
            } else {
                deleted.putIfAbsent(relative.get(), file.bytes());
            }
        }
        List<PlannedFile> files = new ArrayList<>();
        deleted.forEach((path, bytes) -> files.add(new PlannedFile(path, bytes)));
        return new FlinkDeletionPlan(
                checkpointId,
                files,
                files.stream().mapToLong(PlannedFile::bytes).sum(),
                0,
                keptElsewhere);
    }

    private static boolean isDeletablePlace(FlinkJobLayout.Place place) {
        return place == FlinkJobLayout.Place.OWN_DIRECTORY || place == FlinkJobLayout.Place.SHARED;
    }
}
