package io.cairn.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.cairn.hadoop.ForklessLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BulkDelete;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CheckpointStorage} over Hadoop's {@code FileSystem}: {@code file:} through the raw local
 * file system (no {@code .crc} side files), {@code hdfs://} through the HDFS client, {@code s3a://}
 * through Hadoop's S3A connector. How {@code _metadata} is published is the file system's
 * ({@link MetadataPublication}). It owns its
 * {@code FileSystem} instance (never the process-wide cached one) and closes it.
 */
final class HadoopCheckpointStorage implements CheckpointStorage {

    private static final String METADATA = CheckpointLayout.METADATA;
    private static final String SHARED = CheckpointLayout.SHARED;
    private static final String TASK_OWNED = CheckpointLayout.TASK_OWNED;

    private static final Logger log = LoggerFactory.getLogger(HadoopCheckpointStorage.class);

    private final StorageRoot root;
    private final Path rootPath;
    private final FileSystem fs;
    private final MetadataFormat format = new MetadataFormat();
    private final MetadataPublication publication;
    /** An object store (S3A): directories exist only through the objects under them. */
    private final boolean directoriesArePrefixes;

    HadoopCheckpointStorage(StorageRoot root, Configuration baseConf) {
        this.root = root;
        this.rootPath = new Path(root.uri());
        Configuration conf = new Configuration(baseConf);
        if ("file".equals(root.uri().getScheme()) && conf.get("fs.file.impl") == null) {
            // The raw local file system writes no .crc side files: the layout holds only what DESIGN names.
            conf.setClass("fs.file.impl", ForklessLocalFileSystem.class, FileSystem.class);
        }
        try {
            this.fs = FileSystem.newInstance(root.uri(), conf);
        } catch (IOException | FSError e) {
            throw new StorageFailure("open", root, e);
        }
        this.publication = MetadataPublication.of(fs);
        this.directoriesArePrefixes = "s3a".equals(root.uri().getScheme());
    }

    @Override
    public URI root() {
        return root.uri();
    }

    @Override
    public JobLayout createJobLayout(String jobId) {
        JobLayout layout = jobLayout(jobId);
        mkdirs(new Path(layout.sharedDirectory()));
        mkdirs(new Path(layout.taskOwnedDirectory()));
        return layout;
    }

    @Override
    public JobLayout jobLayout(String jobId) {
        Path job = jobPath(jobId);
        return new JobLayout(job.toUri(), new Path(job, SHARED).toUri(), new Path(job, TASK_OWNED).toUri());
    }

    @Override
    public URI directory(SnapshotLocation location) {
        return pathOf(location).toUri();
    }

    @Override
    public URI createDirectory(SnapshotLocation location) {
        Path dir = pathOf(location);
        mkdirs(dir);
        return dir.toUri();
    }

    @Override
    public long publishMetadata(SnapshotLocation location, CheckpointMetadata metadata) {
        if (location instanceof SnapshotLocation.OfCheckpoint checkpoint
                && (!checkpoint.jobId().equals(metadata.jobId())
                        || checkpoint.checkpointId() != metadata.checkpointId())) {
            throw new IllegalArgumentException("the _metadata of checkpoint " + metadata.checkpointId() + " of job '"
                    + metadata.jobId() + "' does not belong in " + location.relativeDirectory());
        }
        return publish(pathOf(location), metadata);
    }

    private long publish(Path dir, CheckpointMetadata metadata) {
        byte[] bytes = format.write(metadata);
        Path target = new Path(dir, METADATA);
        try {
            if (!publication.refusesExistingItself() && fs.exists(target)) {
                throw new MetadataAlreadyPublished(metadata.jobId(), metadata.checkpointId());
            }
            publication.publish(fs, target, bytes);
            return bytes.length;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new MetadataAlreadyPublished(metadata.jobId(), metadata.checkpointId());
        } catch (IOException | FSError e) {
            throw new StorageFailure("publish", target, e);
        }
    }

    @Override
    public Optional<CheckpointMetadata> readMetadata(SnapshotLocation location) {
        Path file = new Path(pathOf(location), METADATA);
        if (location instanceof SnapshotLocation.OfCheckpoint checkpoint) {
            return readBytes(file)
                    .map(bytes -> format.read(bytes, checkpoint.jobId(), checkpoint.checkpointId(), file.toUri()));
        }
        return readBytes(file).map(bytes -> format.read(bytes, null, -1, file.toUri()));
    }

    /** The whole file, or empty when it does not exist. */
    private Optional<byte[]> readBytes(Path file) {
        if (throughSymbolicLink(file)) {
            log.warn("{} goes through a symbolic link; Cairn never follows one, so it counts as absent", file);
            return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | FSError e) {
            throw new StorageFailure("read", file, e);
        }
    }

    @Override
    public Map<String, Long> fileSizes(URI directory, Collection<String> relativePaths) {
        Path base = underRoot(directory);
        for (String relative : relativePaths) {
            if (!RelativePaths.isSafe(relative)) {
                throw new IllegalArgumentException("'" + relative + "' is not a safe relative path");
            }
        }
        if (directoriesArePrefixes) {
            return sizesFromOneListing(base, relativePaths);
        }
        Map<Path, Map<String, FileStatus>> listings = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        for (String relative : relativePaths) {
            Path file = new Path(base, relative);
            FileStatus status =
                    listings.computeIfAbsent(file.getParent(), this::listByName).get(file.getName());
            if (status != null && status.isFile() && !status.isSymlink() && !throughSymbolicLink(file)) {
                sizes.put(relative, status.getLen());
            }
        }
        return sizes;
    }

    /** On an object store one flat listing of the prefix (a request per 1,000 keys) sees every file under it. */
    private Map<String, Long> sizesFromOneListing(Path base, Collection<String> relativePaths) {
        Map<String, Long> sizes = new HashMap<>();
        if (relativePaths.isEmpty()) {
            return sizes;
        }
        Set<String> wanted = new HashSet<>(relativePaths);
        String prefix = base.toUri().getPath() + "/";
        try {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(base, true);
            while (files.hasNext()) {
                LocatedFileStatus status = files.next();
                String path = status.getPath().toUri().getPath();
                if (path.startsWith(prefix) && wanted.contains(path.substring(prefix.length()))) {
                    sizes.put(path.substring(prefix.length()), status.getLen());
                }
            }
        } catch (FileNotFoundException e) {
            return sizes;
        } catch (IOException | FSError e) {
            throw new StorageFailure("list", base, e);
        }
        return sizes;
    }

    private Map<String, FileStatus> listByName(Path dir) {
        Map<String, FileStatus> byName = new HashMap<>();
        try {
            for (FileStatus status : fs.listStatus(dir)) {
                byName.put(status.getPath().getName(), status);
            }
        } catch (FileNotFoundException e) {
            return byName;
        } catch (IOException | FSError e) {
            throw new StorageFailure("list", dir, e);
        }
        return byName;
    }

    /** A directory given as a URI, refused unless it lies under this root. */
    private Path underRoot(URI directory) {
        Path dir = new Path(directory);
        String rootText = rootPath.toUri().getPath();
        String dirText = dir.toUri().getPath();
        boolean sameFileSystem = Objects.equals(
                        dir.toUri().getScheme(), rootPath.toUri().getScheme())
                && Objects.equals(dir.toUri().getAuthority(), rootPath.toUri().getAuthority());
        if (!sameFileSystem
                || !dirText.startsWith(rootText.endsWith("/") ? rootText : rootText + "/")
                || !RelativePaths.isSafe(dirText.substring(rootText.length()).replaceFirst("^/", ""))) {
            throw new IllegalArgumentException(directory + " is not under the root " + root.uri());
        }
        return dir;
    }

    @Override
    public boolean exists(String relativePath) {
        Path path = resolve(relativePath);
        try {
            return fs.exists(path) && !throughSymbolicLink(path);
        } catch (IOException | FSError e) {
            throw new StorageFailure("look up", path, e);
        }
    }

    @Override
    public List<Long> listCheckpointIds(String jobId) {
        Path job = jobPath(jobId);
        List<Long> ids = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(job)) {
                if (status.isDirectory()) {
                    CheckpointLayout.checkpointId(status.getPath().getName()).ifPresent(ids::add);
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException | FSError e) {
            throw new StorageFailure("list", job, e);
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public StorageUsage discard(SnapshotLocation location) {
        return discard(pathOf(location));
    }

    private StorageUsage discard(Path dir) {
        if (removedLinkOnly(dir)) {
            return StorageUsage.NONE;
        }
        if (directoriesArePrefixes) {
            return discardPrefix(dir);
        }
        if (fs instanceof ForklessLocalFileSystem local && local.getClass() == ForklessLocalFileSystem.class) {
            // Only Cairn's own local file system: one configured in its place (fs.file.impl) keeps Hadoop's path.
            return discardLocally(local.pathToFile(dir).toPath());
        }
        try {
            StorageUsage usage = usage(dir);
            if (usage == StorageUsage.NONE && !fs.exists(dir)) {
                return StorageUsage.NONE;
            }
            // _metadata first: from here on the checkpoint is no longer restorable, whatever happens next.
            fs.delete(new Path(dir, METADATA), false);
            fs.delete(dir, true);
            return usage;
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", dir, e);
        }
    }

    /**
     * A snapshot on the local disk in one walk that measures as it deletes, instead of Hadoop's
     * walk to measure and another to delete. Symbolic links are removed, never followed.
     */
    private static StorageUsage discardLocally(java.nio.file.Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return StorageUsage.NONE;
            }
            long[] filesAndBytes = new long[2];
            java.nio.file.Path metadata = dir.resolve(METADATA);
            if (Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)) {
                // _metadata first: from here on the checkpoint is no longer restorable, whatever happens next.
                filesAndBytes[0]++;
                filesAndBytes[1] += Files.size(metadata);
                Files.delete(metadata);
            }
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attributes)
                        throws IOException {
                    filesAndBytes[0]++;
                    filesAndBytes[1] += attributes.isRegularFile() ? attributes.size() : 0;
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(java.nio.file.Path directory, IOException failure)
                        throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
            return new StorageUsage(filesAndBytes[0], filesAndBytes[1]);
        } catch (NoSuchFileException e) {
            return StorageUsage.NONE; // deleted meanwhile by a repeated deletion
        } catch (IOException e) {
            throw new StorageFailure("delete", dir, e);
        }
    }

    /**
     * A snapshot on an object store, in as few requests as it takes: one listing of its prefix
     * (which also measures it), {@code _metadata} deleted alone first, then the rest in bulk.
     */
    private StorageUsage discardPrefix(Path dir) {
        try {
            List<Path> files = new ArrayList<>();
            Path metadata = null;
            long bytes = 0;
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(dir, true);
            while (listing.hasNext()) {
                LocatedFileStatus file = listing.next();
                bytes += file.getLen();
                if (file.getPath().getName().equals(METADATA)
                        && file.getPath().getParent().equals(dir)) {
                    metadata = file.getPath();
                } else {
                    files.add(file.getPath());
                }
            }
            int count = files.size() + (metadata == null ? 0 : 1);
            if (count == 0) {
                fs.delete(dir, true);
                return StorageUsage.NONE;
            }
            // _metadata first: from here on the snapshot is no longer restorable, whatever happens next.
            if (metadata != null) {
                deleteInPages(dir, List.of(metadata));
            }
            deleteInPages(dir, files);
            fs.delete(dir, true); // the directory marker S3A's mkdirs left, if any
            return new StorageUsage(count, bytes);
        } catch (FileNotFoundException e) {
            return StorageUsage.NONE;
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", dir, e);
        }
    }

    @Override
    public void discardSharedState(String jobId, Collection<String> keys) {
        for (String key : keys) {
            if (!RelativePaths.isSafe(key)) {
                throw new IllegalArgumentException("shared state key '" + key + "' is not a safe relative path");
            }
        }
        Path shared = new Path(jobPath(jobId), SHARED);
        try {
            deleteInPages(
                    shared, keys.stream().map(key -> new Path(shared, key)).toList());
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", shared, e);
        }
    }

    /**
     * Deletes files under {@code base} with the file system's own bulk delete: S3A sends one
     * DeleteObjects per page (fs.s3a.bulk.delete.page.size), retrying throttled pages with backoff;
     * other file systems delete one file per call. Files already gone count as deleted.
     */
    private void deleteInPages(Path base, List<Path> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        try (BulkDelete bulk = fs.createBulkDelete(base)) {
            int pageSize = Math.max(1, bulk.pageSize());
            for (int from = 0; from < files.size(); from += pageSize) {
                List<Map.Entry<Path, String>> failures =
                        bulk.bulkDelete(files.subList(from, Math.min(files.size(), from + pageSize)));
                if (!failures.isEmpty()) {
                    Map.Entry<Path, String> first = failures.get(0);
                    throw new IOException(
                            failures.size() + " file(s) not deleted, e.g. " + first.getKey() + ": " + first.getValue());
                }
            }
        }
    }

    @Override
    public StorageUsage usage(SnapshotLocation location) {
        Path dir = pathOf(location);
        try {
            return usage(dir);
        } catch (IOException | FSError e) {
            throw new StorageFailure("measure", dir, e);
        }
    }

    @Override
    public List<StoredEntry> list(String relativeDirectory) {
        Path dir = relativeDirectory.isEmpty() ? rootPath : resolve(relativeDirectory);
        String prefix = relativeDirectory.isEmpty() ? "" : relativeDirectory + "/";
        List<StoredEntry> entries = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(dir)) {
                entries.add(new StoredEntry(
                        prefix + status.getPath().getName(),
                        status.isDirectory(),
                        status.isDirectory() ? 0 : status.getLen(),
                        modifiedAt(status)));
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException | FSError e) {
            throw new StorageFailure("list", dir, e);
        }
        return entries;
    }

    /**
     * When an entry last changed. On an object store a directory is only a prefix, whose listed
     * time says nothing (S3A reports the time of the listing), so its age is that of the newest
     * object under it: one listing of the prefix.
     */
    private Instant modifiedAt(FileStatus status) throws IOException {
        if (!status.isDirectory() || !directoriesArePrefixes) {
            return Instant.ofEpochMilli(status.getModificationTime());
        }
        long newest = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
        while (files.hasNext()) {
            newest = Math.max(newest, files.next().getModificationTime());
        }
        return Instant.ofEpochMilli(newest == 0 ? status.getModificationTime() : newest);
    }

    @Override
    public List<StoredEntry> listFiles(String relativeDirectory) {
        Path dir = resolve(relativeDirectory);
        String prefix = rootPath.toUri().getPath().replaceFirst("/$", "") + "/";
        List<StoredEntry> files = new ArrayList<>();
        try {
            for (FileStatus status : filesUnder(dir)) {
                String path = status.getPath().toUri().getPath();
                if (status.isFile() && path.startsWith(prefix) && !throughSymbolicLink(status.getPath())) {
                    files.add(new StoredEntry(
                            path.substring(prefix.length()),
                            false,
                            status.getLen(),
                            Instant.ofEpochMilli(status.getModificationTime())));
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException | FSError e) {
            throw new StorageFailure("list", dir, e);
        }
        return files;
    }

    /**
     * Every file under a directory. On an object store one flat listing; elsewhere a walk, one
     * {@code listStatus} per directory: Hadoop's recursive {@code listFiles} makes a {@code
     * LocatedFileStatus} of every file, which on the local file system (without Hadoop's native
     * library) runs {@code ls} in a process per file for its permissions, about 5 ms each, and fails
     * the whole listing when a file goes meanwhile, as a running Flink job's files do. A directory
     * that goes during the walk counts as empty; the one asked for must exist (its absence is a
     * {@link FileNotFoundException}).
     */
    private List<FileStatus> filesUnder(Path dir) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        if (directoriesArePrefixes) {
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(dir, true);
            while (listing.hasNext()) {
                files.add(listing.next());
            }
            return files;
        }
        ArrayDeque<Path> directories = new ArrayDeque<>(List.of(dir));
        while (!directories.isEmpty()) {
            Path next = directories.pop();
            FileStatus[] entries;
            try {
                entries = fs.listStatus(next);
            } catch (FileNotFoundException gone) {
                if (next.equals(dir)) {
                    throw gone;
                }
                continue;
            }
            for (FileStatus entry : entries) {
                if (entry.isDirectory()) {
                    // Cairn never follows a symbolic link (and so never loops through one).
                    if (!throughSymbolicLink(entry.getPath())) {
                        directories.push(entry.getPath());
                    }
                } else {
                    files.add(entry);
                }
            }
        }
        return files;
    }

    @Override
    public Optional<byte[]> readFile(String relativePath) {
        return readBytes(resolve(relativePath));
    }

    @Override
    public void deleteFiles(Collection<String> relativePaths) {
        List<Path> files = relativePaths.stream().map(this::resolve).toList();
        try {
            deleteInPages(rootPath, files);
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", rootPath, e);
        }
    }

    @Override
    public StorageUsage usage(String relativePath) {
        Path path = resolve(relativePath);
        try {
            return usage(path);
        } catch (IOException | FSError e) {
            throw new StorageFailure("measure", path, e);
        }
    }

    @Override
    public StorageUsage delete(String relativePath) {
        Path path = resolve(relativePath);
        if (removedLinkOnly(path)) {
            return StorageUsage.NONE;
        }
        try {
            StorageUsage usage = usage(path);
            fs.delete(path, true);
            return usage;
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", path, e);
        }
    }

    @Override
    public void probe() {
        Path probe = new Path(rootPath, CheckpointLayout.PROBE_PREFIX + UUID.randomUUID());
        try {
            fs.mkdirs(rootPath);
            try (FSDataOutputStream out = fs.create(probe, false)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException | FSError e) {
            throw new StorageFailure("write a probe file under", root, e);
        }
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException | FSError e) {
            throw new StorageFailure("close", root, e);
        }
    }

    private StorageUsage usage(Path dir) throws IOException {
        try {
            ContentSummary summary = fs.getContentSummary(dir);
            return new StorageUsage(summary.getFileCount(), summary.getLength());
        } catch (FileNotFoundException e) {
            return StorageUsage.NONE;
        }
    }

    /**
     * True when an existing path on the local file system resolves through a symbolic link (the
     * file or any directory on the way): a planted link could point anywhere, so such a path is
     * treated as absent. HDFS resolves no symbolic links unless its operator enables them.
     */
    private boolean throughSymbolicLink(Path path) {
        if (!(fs instanceof RawLocalFileSystem local)) {
            return false;
        }
        java.nio.file.Path rootDir = local.pathToFile(rootPath).toPath();
        java.nio.file.Path file = local.pathToFile(path).toPath();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return !file.toRealPath().equals(rootDir.toRealPath().resolve(rootDir.relativize(file)));
        } catch (IOException | FSError e) {
            return true;
        }
    }

    /** A symbolic link where Cairn expects its own file or directory: the link goes, never what it points at. */
    private boolean removedLinkOnly(Path path) {
        if (!(fs instanceof RawLocalFileSystem local)) {
            return false;
        }
        java.nio.file.Path file = local.pathToFile(path).toPath();
        if (!Files.isSymbolicLink(file)) {
            return false;
        }
        try {
            Files.delete(file);
            return true;
        } catch (IOException | FSError e) {
            throw new StorageFailure("delete", path, e);
        }
    }

    private void mkdirs(Path dir) {
        try {
            if (!fs.mkdirs(dir)) {
                throw new IOException("mkdirs answered false");
            }
        } catch (IOException | FSError e) {
            throw new StorageFailure("create", dir, e);
        }
    }

    private Path resolve(String relativePath) {
        if (!RelativePaths.isSafe(relativePath)) {
            throw new IllegalArgumentException("'" + relativePath + "' is not a safe path relative to the root");
        }
        return new Path(rootPath, relativePath);
    }

    private Path jobPath(String jobId) {
        return new Path(rootPath, JobIdRule.require(jobId));
    }

    private Path pathOf(SnapshotLocation location) {
        if (location instanceof SnapshotLocation.OfCheckpoint checkpoint) {
            return new Path(
                    jobPath(checkpoint.jobId()), CheckpointLayout.checkpointDirectoryName(checkpoint.checkpointId()));
        }
        return resolve(location.relativeDirectory());
    }
}
