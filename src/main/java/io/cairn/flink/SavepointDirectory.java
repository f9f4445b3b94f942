package io.cairn.flink;

import java.net.URI;
import java.util.Optional;

import io.cairn.storage.RelativePaths;

/**
 * A savepoint's directory, split into the directory holding it (where Cairn opens storage) and its
 * own name; paths of its files are given relative to the holding directory ({@code <name>/...}).
 */
record SavepointDirectory(String location) {

    SavepointDirectory {
        location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    String parent() {
        return location.substring(0, location.lastIndexOf('/'));
    }

    String name() {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** {@code <name>/<path>} of a file inside the savepoint's directory; empty for any other file. */
    Optional<String> relative(URI file) {
        String prefix = location + "/";
        String uri = file.toString();
        if (!uri.startsWith(prefix) || !RelativePaths.isSafe(uri.substring(prefix.length()))) {
            return Optional.empty();
        }
        return Optional.of(name() + "/" + uri.substring(prefix.length()));
    }
}
