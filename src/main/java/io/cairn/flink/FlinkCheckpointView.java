package io.cairn.flink;

import java.time.Instant;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkCheckpointEntry.Figures;
import io.cairn.catalog.FlinkCheckpointEntry.Statistics;
import io.cairn.storage.CheckpointLayout;

/**
 * A Flink checkpoint or savepoint as catalogued: what its {@code _metadata} says (once read) and
 * what Flink's statistics say (when Cairn follows the job over REST; null otherwise).
 *
 * @param path its directory
 * @param exclusiveFiles files in its own directory that its {@code _metadata} names
 * @param sharedFiles files under the job's {@code shared/} it references (other checkpoints may too)
 * @param inlineBytes state kept inside {@code _metadata} itself
 * @param problem why its {@code _metadata} could not be read, for an UNREADABLE one
 * @param stateSize Flink's full state size; checkpointedSize what this checkpoint uploaded (incremental)
 * @param persistedData in-flight data an unaligned checkpoint persisted
 */
record FlinkCheckpointView(
        long checkpointId,
        FlinkCheckpointEntry.Kind kind,
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
        String problem,
        Instant triggeredAt,
        Long durationMs,
        Long stateSize,
        Long checkpointedSize,
        Long persistedData,
        Long processedData,
        Boolean unaligned,
        Integer numSubtasks,
        Integer numAcknowledged,
        String failureMessage) {

    static FlinkCheckpointView from(String directory, String flinkJobId, FlinkCheckpointEntry entry) {
        Figures figures = entry.getFigures();
        Statistics statistics = entry.getStatistics();
        String path = entry.getExternalPath() != null
                ? entry.getExternalPath()
                : directory + "/" + CheckpointLayout.checkpointDirectory(flinkJobId, entry.getCheckpointId());
        return new FlinkCheckpointView(
                entry.getCheckpointId(),
                entry.getKind(),
                entry.getStatus(),
                path,
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
                entry.getProblem(),
                statistics.triggeredAt(),
                statistics.durationMs(),
                statistics.stateSize(),
                statistics.checkpointedSize(),
                statistics.persistedData(),
                statistics.processedData(),
                statistics.unaligned(),
                statistics.numSubtasks(),
                statistics.numAcknowledged(),
                statistics.failureMessage());
    }
}
