package io.cairn.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.UUID;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@code _metadata} file becomes visible all at once and never replaces one already there:
 * a property of the file system, chosen by its scheme when a storage opens.
 */
sealed interface MetadataPublication {

    /**
     * Writes {@code bytes} as {@code target}: all of them or none, and only if nothing is there yet.
     *
     * @throws FileAlreadyExistsException when a {@code _metadata} is already published there
     */
    void publish(FileSystem fs, Path target, byte[] bytes) throws IOException;

    /** Whether {@link #publish} alone refuses an existing target, so no existence check (a request) is needed first. */
    default boolean refusesExistingItself() {
        return false;
    }

    static MetadataPublication of(FileSystem fs) {
        // By the URI: not every FileSystem implements getScheme().
        return "s3a".equals(fs.getUri().getScheme()) ? new ConditionalCreate() : new RenameIntoPlace();
    }

    /**
     * File systems with an atomic rename (local, HDFS): a temporary name of its own per attempt,
     * synced, then moved into place without replacing. A rename on the local file system silently
     * replaces its target, so there the file is hard-linked into place (link(2) fails if the
     * target exists); on HDFS a rename never replaces a file and answers {@code false} instead.
     */
    final class RenameIntoPlace implements MetadataPublication {

        private static final Logger log = LoggerFactory.getLogger(RenameIntoPlace.class);

        @Override
        public void publish(FileSystem fs, Path target, byte[] bytes) throws IOException {
            Path temp = new Path(target.getParent(), CheckpointLayout.METADATA_TEMP_PREFIX + "-" + UUID.randomUUID());
            try {
                try (FSDataOutputStream out = fs.create(temp, false)) {
                    out.write(bytes);
                    out.hsync();
                }
                moveIntoPlace(fs, temp, target);
            } catch (IOException | RuntimeException | FSError e) {
                // A full disk fails the write after the file exists: a half-written file must not keep it full.
                removeTemporary(fs, temp);
                throw e;
            }
        }

        private static void moveIntoPlace(FileSystem fs, Path temp, Path target) throws IOException {
            if (fs instanceof RawLocalFileSystem local) {
                try {
                    Files.createLink(
                            local.pathToFile(target).toPath(),
                            local.pathToFile(temp).toPath());
                } finally {
                    removeTemporary(fs, temp);
                }
                return;
            }
            if (!fs.rename(temp, target)) {
                if (fs.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                throw new IOException("rename of " + temp + " to " + target + " was refused");
            }
        }

        /** A temporary name left behind is an orphan to sweep, not a failure of its own. */
        private static void removeTemporary(FileSystem fs, Path temp) {
            try {
                fs.delete(temp, false);
            } catch (IOException | FSError e) {
                log.warn("Could not remove {}; the orphan sweep will: {}", temp, e.getMessage());
            }
        }
    }

    /**
     * Object stores (S3A): a rename is a copy and a delete, neither atomic nor cheap, while one PUT
     * is all or nothing. The file is written once at its final name with {@code If-None-Match: *}
     * ({@code fs.option.create.conditional.overwrite}), which the store refuses (412) when the key
     * exists, so two racing writers never replace each other's file. A store without conditional
     * writes ({@code fs.s3a.create.conditional.enabled=false}) gets a plain create that checks for
     * the key first: a race between that check and the PUT is then not excluded, which one lease
     * holder per job (several replicas) keeps to a former owner already fenced out.
     */
    final class ConditionalCreate implements MetadataPublication {

        static final String CONDITIONAL_OVERWRITE = "fs.option.create.conditional.overwrite";
        /** S3A skips its own HEAD and LIST probes before the PUT: the store's condition decides. */
        static final String NO_PROBES = "fs.s3a.create.performance";

        @Override
        public boolean refusesExistingItself() {
            return true;
        }

        @Override
        public void publish(FileSystem fs, Path target, byte[] bytes) throws IOException {
            try (FSDataOutputStream out = open(fs, target)) {
                out.write(bytes);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException e) {
                // A refused conditional PUT (412) surfaces at close; the key being there says which it was.
                if (exists(fs, target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                throw e;
            }
        }

        private static FSDataOutputStream open(FileSystem fs, Path target) throws IOException {
            try {
                FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(target);
                builder.overwrite(false).must(CONDITIONAL_OVERWRITE, true).opt(NO_PROBES, true);
                return (FSDataOutputStream) builder.build();
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(target.toString());
            } catch (IllegalArgumentException | UnsupportedOperationException unsupported) {
                return fs.create(target, false);
            }
        }

        private static boolean exists(FileSystem fs, Path target) {
            try {
                return fs.getFileStatus(target).isFile();
            } catch (IOException e) {
                // Absent (FileNotFoundException) or unknown: either way not proof of a published file.
                return false;
            }
        }
    }
}
