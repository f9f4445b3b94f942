package io.cairn.hadoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The raw local file system (no {@code .crc} side files) setting permissions through java.nio.
 * Without Hadoop's native library, which a plain JVM does not have, Hadoop forks {@code chmod}
 * for every file and directory it creates: about ten milliseconds each, on the checkpoint path.
 */
public class ForklessLocalFileSystem extends RawLocalFileSystem {

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
        String symbolic = permission.getUserAction().SYMBOL
                + permission.getGroupAction().SYMBOL
                + permission.getOtherAction().SYMBOL;
        try {
            Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(symbolic));
        } catch (UnsupportedOperationException e) {
            super.setPermission(path, permission);
        }
    }
}
