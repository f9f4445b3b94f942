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
            checkpoints.add(parse(
                    checkpointId.getAsLong(),
                    file,
                    bytes.get(),
                    layout.checkpointUri(checkpointId.getAsLong()),
                    reader));
        }
        checkpoints.sort(Comparator.comparingLong(FlinkSnapshotRead::checkpointId));
        return new FlinkJobDirectory(layout, List.copyOf(files), List.copyOf(checkpoints));
    }

    /** The {@code _metadata} of a savepoint whose directory is the storage's root; empty when there is none. */
    static Optional<FlinkSnapshotRead> readSavepoint(CheckpointStorage storage, FlinkMetadataReader reader) {
        Optional<StoredEntry> file = storage.list("").stream()
                .filter(entry -> !entry.directory() && entry.path().equals(CheckpointLayout.METADATA))
                .findFirst();
        Optional<byte[]> bytes = file.isEmpty() ? Optional.empty() : storage.readFile(CheckpointLayout.METADATA);
        return bytes.map(content -> parse(-1, file.get(), content, URI.create(storage.root() + "/"), reader));
    }

    /**
     * One {@code _metadata}, read or not and why.
     *
     * @param checkpointId the id its directory names; -1 (a savepoint's) to take the file's own
     */
    private static FlinkSnapshotRead parse(
            long checkpointId, StoredEntry file, byte[] bytes, URI directory, FlinkMetadataReader reader) {
        try {
            FlinkSnapshotMetadata metadata = reader.read(bytes, directory);
            long id = checkpointId < 0 ? metadata.checkpointId() : checkpointId;
            return new FlinkSnapshotRead(id, file.path(), bytes.length, file.modifiedAt(), metadata, null);
        } catch (FlinkMetadataUnreadable e) {
            return new FlinkSnapshotRead(checkpointId, file.path(), bytes.length, file.modifiedAt(), null, problem(e));
        }
    }

    private static String problem(FlinkMetadataUnreadable e) {
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
