package io.cairn.flink;

import java.util.List;

/**
 * What Cairn understood of one Flink {@code _metadata} file.
 *
 * @param formatVersion Flink's metadata format version (3 to 6)
 * @param checkpointId the checkpoint id Flink recorded
 * @param operators operators with state in the snapshot
 * @param files every file the snapshot references, in the order the file names them (a file may
 *     appear twice when two handles share it)
 * @param inlineBytes state kept inside {@code _metadata} itself (small state, coordinator state)
 */
public record FlinkSnapshotMetadata(
        int formatVersion, long checkpointId, int operators, List<FlinkStateFile> files, long inlineBytes) {

    public FlinkSnapshotMetadata {
        files = List.copyOf(files);
    }
}
