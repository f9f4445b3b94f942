package io.cairn.flink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import io.cairn.flink.FlinkOrphanReport.Kind;
import io.cairn.flink.FlinkOrphanReport.Orphan;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.StoredEntry;

/**
 * Finds orphans in one look at a Flink job's directory. A file younger than the grace period is
 * never one: a running Flink uploads state before it writes the {@code _metadata} naming it.
 * {@code taskowned/} is never looked at.
 */
final class FlinkOrphans {

    private FlinkOrphans() {}

    static FlinkOrphanReport find(FlinkJobDirectory directory, Instant now, Duration gracePeriod) {
        FlinkJobLayout layout = directory.layout();
        String jobId = layout.jobId();
        Instant cutoff = now.minus(gracePeriod);
        Set<String> referenced = new HashSet<>(directory.referencedByAllBut(-1));
        Set<Long> readable = new HashSet<>();
        Set<Long> withMetadata = new HashSet<>();
        for (FlinkSnapshotRead read : directory.checkpoints()) {
            withMetadata.add(read.checkpointId());
            if (read.readable()) {
                readable.add(read.checkpointId());
            }
        }
        List<FlinkSnapshotRead> unreadable = directory.unreadable();
        boolean complete = unreadable.isEmpty();

        List<Orphan> orphans = new ArrayList<>();
        Map<Long, List<StoredEntry>> incomplete = new TreeMap<>();
        for (StoredEntry file : directory.files()) {
            String[] parts = file.path().split("/", 3);
            if (parts.length < 3) {
                continue; // a file directly in the job's directory: not Flink's layout, not judged
            }
            OptionalLong checkpointId = CheckpointLayout.checkpointId(parts[1]);
            if (CheckpointLayout.isSharedDirectory(parts[1])) {
                if (complete
                        && !referenced.contains(file.path())
                        && file.modifiedAt().isBefore(cutoff)) {
                    orphans.add(new Orphan(file.path(), Kind.SHARED_FILE, 1, file.size(), file.modifiedAt()));
                }
            } else if (checkpointId.isPresent() && !withMetadata.contains(checkpointId.getAsLong())) {
                incomplete
                        .computeIfAbsent(checkpointId.getAsLong(), id -> new ArrayList<>())
                        .add(file);
            } else if (checkpointId.isPresent()
                    && readable.contains(checkpointId.getAsLong())
                    && !parts[2].equals(CheckpointLayout.METADATA)
                    && !referenced.contains(file.path())
                    && file.modifiedAt().isBefore(cutoff)) {
                orphans.add(new Orphan(file.path(), Kind.CHECKPOINT_FILE, 1, file.size(), file.modifiedAt()));
            }
        }
        incomplete.forEach((checkpointId, files) -> {
            Instant newest = files.stream()
                    .map(StoredEntry::modifiedAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            if (newest.isBefore(cutoff)) {
                orphans.add(new Orphan(
                        CheckpointLayout.checkpointDirectory(jobId, checkpointId),
                        Kind.INCOMPLETE_CHECKPOINT,
                        files.size(),
                        files.stream().mapToLong(StoredEntry::size).sum(),
                        newest));
            }
        });
        String because = complete
                ? null
                : "the _metadata of checkpoint(s) "
                        + unreadable.stream()
                                .map(read -> "chk-" + read.checkpointId())
                                .toList()
                        + " cannot be read, so what they reference under shared/ is unknown";
        return new FlinkOrphanReport(
                jobId,
                complete,
                because,
                orphans,
                orphans.stream().mapToLong(Orphan::bytes).sum());
    }
}
