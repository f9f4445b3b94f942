package io.cairn.flink;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.StoredEntry;

/**
 * One look at a Flink job's directory: every file under it (one recursive listing) and every
 * {@code chk-N/_metadata} there, read. Nothing is cached between looks: Flink keeps writing.
 */
record FlinkJobDirectory(FlinkJobLayout layout, List<StoredEntry> files, List<FlinkSnapshotRead> checkpoints) {

    static FlinkJobDirectory read(CheckpointStorage storage, String jobId, FlinkMetadataReader reader) {
        FlinkJobLayout layout = new FlinkJobLayout(storage.root(), jobId);
        List<StoredEntry> files = storage.listFiles(layout.jobDirectory());
        List<FlinkSnapshotRead> checkpoints = new ArrayList<>();
        for (StoredEntry file : files) {
            OptionalLong checkpointId = metadataOf(jobId, file.path());
            if (checkpointId.isEmpty()) {
                continue;
            }
            Optional<byte[]> bytes = storage.readFile(file.path());
            if (bytes.isEmpty()) {
                continue; // gone since the listing: Flink subsumed it meanwhile
            }
            long id = checkpointId.getAsLong();
            try {
                FlinkSnapshotMetadata metadata = reader.read(bytes.get(), layout.checkpointUri(id));
                checkpoints.add(
                        new FlinkSnapshotRead(id, file.path(), bytes.get().length, file.modifiedAt(), metadata, null));
            } catch (FlinkMetadataUnreadable e) {
                String why = problem(e);
                checkpoints.add(
                        new FlinkSnapshotRead(id, file.path(), bytes.get().length, file.modifiedAt(), null, why));
            }
        }
        checkpoints.sort(Comparator.comparingLong(FlinkSnapshotRead::checkpointId));
        return new FlinkJobDirectory(layout, List.copyOf(files), List.copyOf(checkpoints));
    }

    /**
     * The {@code _metadata} in a snapshot directory, relative to the storage root ({@code ""} for the
     * root itself, as for a savepoint opened at its own directory); empty when there is none.
     */
    static Optional<FlinkSnapshotRead> readSnapshot(
            CheckpointStorage storage, String directory, FlinkMetadataReader reader) {
        String path = directory.isEmpty() ? CheckpointLayout.METADATA : directory + "/" + CheckpointLayout.METADATA;
        Optional<StoredEntry> file = storage.list(directory).stream()
                .filter(entry -> !entry.directory() && entry.path().equals(path))
                .findFirst();
        Optional<byte[]> bytes = file.isEmpty() ? Optional.empty() : storage.readFile(path);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        URI uri = URI.create(storage.root() + (directory.isEmpty() ? "" : "/" + directory) + "/");
        try {
            FlinkSnapshotMetadata metadata = reader.read(bytes.get(), uri);
            return Optional.of(new FlinkSnapshotRead(
                    metadata.checkpointId(),
                    path,
                    bytes.get().length,
                    file.get().modifiedAt(),
                    metadata,
                    null));
        } catch (FlinkMetadataUnreadable e) {
            return Optional.of(new FlinkSnapshotRead(
                    -1, path, bytes.get().length, file.get().modifiedAt(), null, problem(e)));
        }
    }

    static String problem(FlinkMetadataUnreadable e) {
        return (e.unsupported() ? "not supported yet: " : "corrupt: ") + e.getMessage();
    }

    /** The id N when {@code path} is {@code <job>/chk-N/_metadata}. */
    static OptionalLong metadataOf(String jobId, String path) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[0].equals(jobId) || !parts[2].equals(CheckpointLayout.METADATA)) {
            return OptionalLong.empty();
        }
        return CheckpointLayout.checkpointId(parts[1]);
    }

    Optional<FlinkSnapshotRead> checkpoint(long checkpointId) {
        return checkpoints.stream()
                .filter(read -> read.checkpointId() == checkpointId)
                .findFirst();
    }

    Optional<FlinkSnapshotRead> newestReadable() {
        return checkpoints.stream().filter(FlinkSnapshotRead::readable).reduce((older, newer) -> newer);
    }

    List<FlinkSnapshotRead> unreadable() {
        return checkpoints.stream().filter(read -> !read.readable()).toList();
    }

    /** Every file under the root that a readable checkpoint other than {@code except} references. */
    Set<String> referencedByAllBut(long except) {
        Set<String> referenced = new HashSet<>();
        for (FlinkSnapshotRead read : checkpoints) {
            if (read.readable() && read.checkpointId() != except) {
                read.metadata()
                        .files()
                        .forEach(file -> layout.relative(file.uri()).ifPresent(referenced::add));
            }
        }
        return referenced;
    }
}
