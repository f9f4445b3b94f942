package io.cairn.retention;

import java.time.Instant;

/**
 * A file or directory under a checkpoint root that no catalog entry references.
 *
 * @param root the checkpoint root it lies under
 * @param path relative to that root
 * @param kind what it is: a directory of an unknown job, a failed checkpoint's directory, a shared
 *     file nothing references, a savepoint directory no savepoint owns, a temporary file, or
 *     anything else
 */
public record Orphan(String root, String path, Kind kind, long files, long bytes, Instant modifiedAt) {

    public enum Kind {
        UNKNOWN_JOB_DIRECTORY,
        CHECKPOINT_DIRECTORY,
        SHARED_FILE,
        SAVEPOINT_DIRECTORY,
        TEMPORARY_FILE,
        UNKNOWN_FILE
    }
}
