package io.cairn.storage;

import java.io.Closeable;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint storage port: one checkpoint root and the layout under it (docs/architecture.md,
 * "The storage contract"). Snapshots are addressed by {@link SnapshotLocation}, jobs by their id;
 * the browsing calls ({@link #list}, {@link #usage(String)}, {@link #delete}) take paths relative to
 * the root, for the orphan scan.
 * Every job id is validated before it becomes a path ({@link InvalidJobId}); file-system errors
 * surface as {@link StorageFailure}. All operations may be repeated: creating what exists and
 * deleting what is gone succeed.
 */
public interface CheckpointStorage extends Closeable {

    /** The normalised root URI, e.g. {@code file:/srv/cairn/checkpoints} or {@code hdfs://nn:8020/cairn}. */
    URI root();

    /** Creates {@code <job>/shared} and {@code <job>/taskowned} if missing. */
    JobLayout createJobLayout(String jobId);

    /** The layout of a job, without touching the file system. */
    JobLayout jobLayout(String jobId);

    /** The directory of a snapshot, without touching the file system. */
    URI directory(SnapshotLocation location);

    /** Creates a snapshot's directory if missing and returns it. */
    URI createDirectory(SnapshotLocation location);

    /**
     * Publishes {@code _metadata} into a snapshot's directory so that readers see nothing or the
     * whole file, and never replaces an existing one. How is the implementation's: written to a
     * temporary name, synced, then moved into place on a file system.
     *
     * @return the size of the published file in bytes
     * @throws MetadataAlreadyPublished if the directory already has one; it is left intact
     */
    long publishMetadata(SnapshotLocation location, CheckpointMetadata metadata);

    /**
     * Reads a snapshot's {@code _metadata}. For a job's checkpoint it must name that job and
     * checkpoint; in a directory of its own only its format is checked.
     *
     * @return empty when the file does not exist (the snapshot never completed)
     * @throws MetadataUnreadable when it exists but is truncated, unparseable or another checkpoint's
     */
    Optional<CheckpointMetadata> readMetadata(SnapshotLocation location);

    /**
     * Deletes a snapshot's directory: {@code _metadata} first, so a half-deleted snapshot never
     * looks restorable, then its other files, then the directory. Succeeds if already gone.
     *
     * @return what was deleted
     */
    StorageUsage discard(SnapshotLocation location);

    /** Files and bytes under a snapshot's directory; {@link StorageUsage#NONE} if it is gone. */
    StorageUsage usage(SnapshotLocation location);

    /**
     * The sizes of regular files under a directory of this root, listing each distinct parent
     * directory once rather than asking once per file.
     *
     * @param directory a directory under this root: a checkpoint's, a savepoint's or a job's {@code shared/}
     * @param relativePaths paths under it, each {@link RelativePaths#isSafe safe}
     * @return each path's size; absent from the map when no regular file is there (missing, a
     *     directory, or reached through a symbolic link)
     * @throws IllegalArgumentException if the directory is not under this root or a path is unsafe
     */
    Map<String, Long> fileSizes(URI directory, Collection<String> relativePaths);

    /** Whether a file exists, relative to the root. */
    boolean exists(String relativePath);

    /** Ids of the {@code chk-N} directories of a job, ascending; empty for an unknown job. */
    List<Long> listCheckpointIds(String jobId);

    /**
     * Deletes files under the job's {@code shared/} in as few requests as the store allows: bulk
     * deletes of up to its page size on S3 (1,000 keys at most per request), one call per file on a
     * file system. Files already gone count as deleted.
     *
     * @param keys paths relative to {@code shared/}; all refused unless each is {@link RelativePaths#isSafe}
     */
    void discardSharedState(String jobId, Collection<String> keys);

    /**
     * The entries directly under a directory, relative to the root ({@code ""} is the root itself);
     * empty when it does not exist.
     */
    List<StoredEntry> list(String relativeDirectory);

    /**
     * Every regular file under a directory relative to the root, at any depth, in one recursive
     * listing (on S3 a request per 1,000 keys); empty when the directory does not exist. Files
     * reached through a symbolic link are left out.
     */
    List<StoredEntry> listFiles(String relativeDirectory);

    /** A whole file relative to the root; empty when it does not exist or is reached through a symbolic link. */
    Optional<byte[]> readFile(String relativePath);

    /**
     * Deletes exactly these files, relative to the root, in as few requests as the store allows (as
     * {@link #discardSharedState}); directories are left alone and files already gone count as deleted.
     *
     * @throws IllegalArgumentException before deleting anything if a path is not {@link RelativePaths#isSafe safe}
     */
    void deleteFiles(Collection<String> relativePaths);

    /** Files and bytes under a path relative to the root; {@link StorageUsage#NONE} if it is gone. */
    StorageUsage usage(String relativePath);

    /**
     * Deletes a file or a whole directory relative to the root (never the root itself). Succeeds if
     * already gone.
     *
     * @return what was deleted
     */
    StorageUsage delete(String relativePath);

    /** Proves the root is reachable and writable by writing and removing a small file. */
    void probe();

    @Override
    void close();
}
