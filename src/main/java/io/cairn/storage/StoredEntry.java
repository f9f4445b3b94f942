package io.cairn.storage;

import java.time.Instant;

/**
 * A file or directory under a checkpoint root.
 *
 * @param path relative to the root, '/'-separated
 * @param size bytes of a file; 0 for a directory
 */
public record StoredEntry(String path, boolean directory, long size, Instant modifiedAt) {

    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
