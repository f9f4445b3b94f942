package io.cairn.flink;

import java.time.Instant;
import java.util.List;

/**
 * What lies in a Flink job's directory that no readable checkpoint references.
 *
 * @param complete false when some {@code _metadata} could not be read: what it references is
 *     unknown, so no shared file is called an orphan
 * @param incompleteBecause why not complete; null when complete
 */
public record FlinkOrphanReport(
        String flinkJobId, boolean complete, String incompleteBecause, List<Orphan> orphans, long bytes) {

    public FlinkOrphanReport {
        orphans = List.copyOf(orphans);
    }

    /**
     * @param path relative to the job's checkpoint directory
     */
    public record Orphan(String path, Kind kind, int files, long bytes, Instant modifiedAt) {}

    public enum Kind {
        /** A file under {@code shared/} no readable checkpoint references. */
        SHARED_FILE,
        /** A file in a readable checkpoint's {@code chk-N/} that its {@code _metadata} does not name. */
        CHECKPOINT_FILE,
        /** A {@code chk-N/} without {@code _metadata}, older than the grace period: never completed. */
        INCOMPLETE_CHECKPOINT
    }
}
