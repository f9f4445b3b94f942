package io.cairn.agent.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.hadoop.ForklessLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes state files through Hadoop's {@code FileSystem}: one instance per file system
 * the agent touches, owned by the agent and closed with it. Local files go through the raw local
 * file system, so no {@code .crc} side files appear in Cairn's layout.
 */
final class StateFiles implements AutoCloseable {

    private final Configuration conf;
    private final Configuration localConf;
    private final Map<String, FileSystem> open = new ConcurrentHashMap<>();

    StateFiles(Configuration base) {
        this.conf = new Configuration(base);
        // Only for file: roots: other file systems (S3A buffers uploads on local disk) need Hadoop's
        // own local file system under fs.file.impl.
        this.localConf = new Configuration(base);
        if (localConf.get("fs.file.impl") == null) {
            localConf.setClass("fs.file.impl", ForklessLocalFileSystem.class, FileSystem.class);
        }
    }

    long write(URI directory, String relativePath, byte[] bytes) {
        Path file = new Path(new Path(directory), relativePath);
        try (OutputStream out = fileSystem(directory).create(file, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        return bytes.length;
    }

    byte[] read(URI directory, String relativePath) {
        Path file = new Path(new Path(directory), relativePath);
        try (InputStream in = fileSystem(directory).open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private FileSystem fileSystem(URI directory) {
        String key = directory.getScheme() + "://" + (directory.getAuthority() == null ? "" : directory.getAuthority());
        return open.computeIfAbsent(key, k -> {
            try {
                return FileSystem.newInstance(directory, "file".equals(directory.getScheme()) ? localConf : conf);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open the file system of " + directory, e);
            }
        });
    }

    @Override
    public void close() {
        for (FileSystem fs : open.values()) {
            try {
                fs.close();
            } catch (IOException ignored) {
                // Closing on the way out; nothing left to save.
            }
        }
        open.clear();
    }
}
