package io.cairn.storage;

import java.io.Closeable;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint storage port: one checkpoint root and the layout under it (DESIGN section 2).
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

    /** Creates {@code <job>/chk-<checkpointId>} if missing and returns it. */
    URI createCheckpointDirectory(String jobId, long checkpointId);

    /** The directory of a checkpoint, without touching the file system. */
    URI checkpointDirectory(String jobId, long checkpointId);

    /**
     * Publishes {@code _metadata} into the checkpoint's directory: written to a temporary name,
     * synced, then moved into place so that readers see nothing or the whole file. Never replaces
     * an existing {@code _metadata}.
     *
     * @return the size of the published file in bytes
     * @throws MetadataAlreadyPublished if the checkpoint already has one; it is left intact
     */
    long publishMetadata(CheckpointMetadata metadata);

    /**
     * Publishes {@code _metadata} into a directory relative to the root (a savepoint's), the same
     * way as {@link #publishMetadata}.
     *
     * @throws MetadataAlreadyPublished if the directory already has one; it is left intact
     */
    long publishMetadataAt(String relativeDirectory, CheckpointMetadata metadata);

    /** Creates a directory relative to the root (a savepoint's) if missing and returns it. */
    URI createDirectory(String relativeDirectory);

    /**
     * Deletes a checkpoint or savepoint directory relative to the root: {@code _metadata} first, as
     * {@link #discardCheckpoint} does. Succeeds if already gone.
     */
    StorageUsage discardDirectory(String relativeDirectory);

    /**
     * Reads a checkpoint's {@code _metadata}.
     *
     * @return empty when the file does not exist (the checkpoint never completed)
     * @throws MetadataUnreadable when it exists but is truncated, unparseable or another checkpoint's
     */
    Optional<CheckpointMetadata> readMetadata(String jobId, long checkpointId);

    /**
     * Reads the {@code _metadata} in a directory relative to the root (an external path), checking
     * its format but not which job or checkpoint it belongs to.
     *
     * @return empty when there is no {@code _metadata} there
     */
    Optional<CheckpointMetadata> readMetadataAt(String relativeDirectory);

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
     * Deletes a checkpoint's directory: {@code _metadata} first, so a half-deleted checkpoint
     * never looks restorable, then its other files, then the directory. Succeeds if already gone.
     *
     * @return what was deleted
     */
    StorageUsage discardCheckpoint(String jobId, long checkpointId);

    /**
     * Deletes one file under the job's {@code shared/}. Succeeds if already gone.
     *
     * @param key path relative to {@code shared/}; refused unless {@link RelativePaths#isSafe}
     * @return bytes deleted
     */
    long discardSharedState(String jobId, String key);

    /** Files and bytes under a checkpoint's directory; {@link StorageUsage#NONE} if it is gone. */
    StorageUsage checkpointUsage(String jobId, long checkpointId);

    /**
     * The entries directly under a directory, relative to the root ({@code ""} is the root itself);
     * empty when it does not exist.
     */
    List<StoredEntry> list(String relativeDirectory);

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
