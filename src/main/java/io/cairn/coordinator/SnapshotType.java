package io.cairn.coordinator;

import io.cairn.catalog.CheckpointKind;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.SnapshotLocation;

/**
 * What a pending snapshot is, with everything that follows from it in one place instead of in
 * branches: a {@link Checkpoint} of the job, written to {@code chk-N} and part of subsumption, or a
 * {@link Savepoint}, the user's, self-contained in its own directory under the savepoint root.
 */
sealed interface SnapshotType permits SnapshotType.Checkpoint, SnapshotType.Savepoint {

    CheckpointKind kind();

    /** How logs name it. */
    String noun();

    /**
     * Whether it takes part in subsumption: a completing checkpoint ends older pending checkpoints
     * and is the base for min-pause; a savepoint neither ends nor is ended by others (Flink's
     * {@code canBeSubsumed}).
     */
    boolean subsumes();

    /** Whether all its files lie in its own directory: nothing in {@code shared/}, nothing reused. */
    boolean selfContained();

    /** The storage holding its exclusive files and its {@code _metadata}. */
    CheckpointStorage storage(StorageLookup storages, long jobPk);

    /**
     * Publishes its {@code _metadata}.
     *
     * @return the size of the published file
     */
    long publish(StorageLookup storages, long jobPk, CheckpointMetadata metadata);

    /** Deletes its directory, {@code _metadata} first; succeeds if it is gone. */
    void discard(StorageLookup storages, long jobPk, String jobId, long checkpointId);

    /** A checkpoint of the job: {@code <job>/chk-N}. */
    record Checkpoint() implements SnapshotType {

        @Override
        public CheckpointKind kind() {
            return CheckpointKind.CHECKPOINT;
        }

        @Override
        public String noun() {
            return "checkpoint";
        }

        @Override
        public boolean subsumes() {
            return true;
        }

        @Override
        public boolean selfContained() {
            return false;
        }

        @Override
        public CheckpointStorage storage(StorageLookup storages, long jobPk) {
            return storages.of(jobPk);
        }

        @Override
        public long publish(StorageLookup storages, long jobPk, CheckpointMetadata metadata) {
            return storages.of(jobPk)
                    .publishMetadata(SnapshotLocation.checkpoint(metadata.jobId(), metadata.checkpointId()), metadata);
        }

        @Override
        public void discard(StorageLookup storages, long jobPk, String jobId, long checkpointId) {
            storages.of(jobPk).discard(SnapshotLocation.checkpoint(jobId, checkpointId));
        }
    }

    /**
     * A savepoint.
     *
     * @param directory its directory, relative to the savepoint root
     */
    record Savepoint(String directory) implements SnapshotType {

        @Override
        public CheckpointKind kind() {
            return CheckpointKind.SAVEPOINT;
        }

        @Override
        public String noun() {
            return "savepoint";
        }

        @Override
        public boolean subsumes() {
            return false;
        }

        @Override
        public boolean selfContained() {
            return true;
        }

        @Override
        public CheckpointStorage storage(StorageLookup storages, long jobPk) {
            return storages.savepoints();
        }

        @Override
        public long publish(StorageLookup storages, long jobPk, CheckpointMetadata metadata) {
            return storages.savepoints().publishMetadata(SnapshotLocation.directory(directory), metadata);
        }

        @Override
        public void discard(StorageLookup storages, long jobPk, String jobId, long checkpointId) {
            storages.savepoints().discard(SnapshotLocation.directory(directory));
        }
    }
}
