package io.cairn.testing;

import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The raw local file system whose deletes fail while {@link #failing} is set: a file system in trouble. */
public class DeleteFailingFileSystem extends RawLocalFileSystem {

    public static volatile boolean failing;

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        if (failing) {
            throw new IOException("injected: the file system refuses to delete " + path);
        }
        return super.delete(path, recursive);
    }
}
