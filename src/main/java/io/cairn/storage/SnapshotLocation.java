package io.cairn.storage;

/**
 * Where one snapshot's directory is under a storage root, as the port takes it: a job's
 * checkpoint ({@code <job>/chk-N}), or a directory of its own (a savepoint's, or an external path a
 * restore reads). Both are checked when made, so a port implementation receives only valid ones.
 */
public sealed interface SnapshotLocation {

    /** The directory, relative to the root and '/'-separated. */
    String relativeDirectory();

    /** {@code <job>/chk-<checkpointId>}; its {@code _metadata} must name that job and checkpoint. */
    static SnapshotLocation checkpoint(String jobId, long checkpointId) {
        return new OfCheckpoint(jobId, checkpointId);
    }

    /** A directory relative to the root, e.g. {@code savepoint-orders-1a2b3c4d5e6f}. */
    static SnapshotLocation directory(String relativeDirectory) {
        return new OwnDirectory(relativeDirectory);
    }

    /** A job's checkpoint directory. */
    record OfCheckpoint(String jobId, long checkpointId) implements SnapshotLocation {

        public OfCheckpoint {
            JobIdRule.require(jobId);
            if (checkpointId < 1) {
                throw new IllegalArgumentException("checkpoint ids start at 1, got " + checkpointId);
            }
        }

        @Override
        public String relativeDirectory() {
            return CheckpointLayout.checkpointDirectory(jobId, checkpointId);
        }
    }

    /** A snapshot in a directory of its own, whatever its name. */
    record OwnDirectory(String relativeDirectory) implements SnapshotLocation {

        public OwnDirectory {
            if (!RelativePaths.isSafe(relativeDirectory)) {
                throw new IllegalArgumentException(
                        "'" + relativeDirectory + "' is not a safe directory relative to the root");
            }
        }
    }
}
