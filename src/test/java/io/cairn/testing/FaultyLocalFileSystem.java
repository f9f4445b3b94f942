package io.cairn.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.apache.hadoop.fs.FullDisk;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The raw local file system with one fault switched on at a time, the way a file system in trouble
 * fails: deletes refused with an {@code IOException}, or a full disk reported as Hadoop's
 * {@code FSError} when {@code _metadata} is written, when a {@code chk-N} directory is created, or on
 * deletes.
 */
public class FaultyLocalFileSystem extends RawLocalFileSystem {

    /** The fault in effect; tests set it and put back {@link Fault#NONE}. */
    public static volatile Fault fault = Fault.NONE;

    public enum Fault {
        NONE,
        DELETES_REFUSED,
        DISK_FULL_WRITING_METADATA,
        DISK_FULL_CREATING_CHECKPOINT_DIRECTORY,
        DISK_FULL_DELETING
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        if (fault == Fault.DELETES_REFUSED) {
            throw new IOException("injected: the file system refuses to delete " + path);
        }
        if (fault == Fault.DISK_FULL_DELETING) {
            throw FullDisk.error(path);
        }
        return super.delete(path, recursive);
    }

    @Override
    public boolean mkdirs(Path path, FsPermission permission) throws IOException {
        failIfCheckpointDirectory(path);
        return super.mkdirs(path, permission);
    }

    @Override
    public boolean mkdirs(Path path) throws IOException {
        failIfCheckpointDirectory(path);
        return super.mkdirs(path);
    }

    private static void failIfCheckpointDirectory(Path path) {
        if (fault == Fault.DISK_FULL_CREATING_CHECKPOINT_DIRECTORY
                && path.getName().startsWith("chk-")) {
            throw FullDisk.error(path);
        }
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path path, boolean append, FsPermission permission)
            throws IOException {
        return failingIfMetadata(path, super.createOutputStreamWithMode(path, append, permission));
    }

    @Override
    protected OutputStream createOutputStream(Path path, boolean append) throws IOException {
        return failingIfMetadata(path, super.createOutputStream(path, append));
    }

    /** The file exists, then its first write finds the disk full: as a real full disk behaves. */
    private static OutputStream failingIfMetadata(Path path, OutputStream out) {
        if (fault != Fault.DISK_FULL_WRITING_METADATA || !path.getName().startsWith("._metadata")) {
            return out;
        }
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) {
                throw FullDisk.error(path);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                throw FullDisk.error(path);
            }
        };
    }
}
