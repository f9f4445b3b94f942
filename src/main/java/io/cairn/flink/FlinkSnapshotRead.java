package io.cairn.flink;

import java.time.Instant;

/**
 * A {@code chk-N} of a Flink job directory with a {@code _metadata}, as one scan found it: read,
 * or not readable and why.
 *
 * @param metadataPath the {@code _metadata} file, relative to the storage root
 * @param metadata what it says; null when it could not be read
 * @param problem why it could not be read; null when it was
 */
record FlinkSnapshotRead(
        long checkpointId,
        String metadataPath,
        long metadataBytes,
        Instant writtenAt,
        FlinkSnapshotMetadata metadata,
        String problem) {

    boolean readable() {
        return metadata != null;
    }
}
