package io.cairn.flink;

import java.time.Instant;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkCheckpointEntry.Figures;

/**
 * A Flink checkpoint as catalogued.
 *
 * @param path its directory
 * @param exclusiveFiles files in its own {@code chk-N/} that its {@code _metadata} names
 * @param sharedFiles files under the job's {@code shared/} it references (other checkpoints may too)
 * @param inlineBytes state kept inside {@code _metadata} itself
 * @param problem why its {@code _metadata} could not be read, for an UNREADABLE one
 */
record FlinkCheckpointView(
        long checkpointId,
        FlinkCheckpointEntry.Status status,
        String path,
        Integer formatVersion,
        long metadataBytes,
        int exclusiveFiles,
        long exclusiveBytes,
        int sharedFiles,
        long sharedBytes,
        long inlineBytes,
        Instant completedAt,
        Instant discoveredAt,
        Instant discardedAt,
        String problem) {

    static FlinkCheckpointView from(String directory, String flinkJobId, FlinkCheckpointEntry entry) {
        Figures figures = entry.getFigures();
        return new FlinkCheckpointView(
                entry.getCheckpointId(),
                entry.getStatus(),
                directory + "/" + flinkJobId + "/chk-" + entry.getCheckpointId(),
                entry.getFormatVersion(),
                figures.metadataBytes(),
                figures.exclusiveFiles(),
                figures.exclusiveBytes(),
                figures.sharedFiles(),
                figures.sharedBytes(),
                figures.inlineBytes(),
                figures.completedAt(),
                entry.getDiscoveredAt(),
                entry.getDiscardedAt(),
                entry.getProblem());
    }
}
