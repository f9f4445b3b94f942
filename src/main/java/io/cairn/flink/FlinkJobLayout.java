package io.cairn.flink;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.RelativePaths;

/**
 * Where a file a Flink snapshot names lies, seen from one job's directory
 * ({@code <root>/<flink-job-id>/}): Flink's layout is Cairn's ({@code shared/}, {@code taskowned/},
 * {@code chk-N/}), so {@link CheckpointLayout} names its parts.
 */
final class FlinkJobLayout {

    enum Place {
        /** Under the snapshot's own {@code chk-N/}: nothing else should reference it. */
        OWN_DIRECTORY,
        /** Under the job's {@code shared/}: later checkpoints may reference it too. */
        SHARED,
        /** Under {@code taskowned/}: the tasks', never deleted by Cairn. */
        TASK_OWNED,
        /** Anywhere else: another {@code chk-N}, another job, another file system. Never deleted. */
        ELSEWHERE
    }

    private final URI root;
    private final String jobId;

    FlinkJobLayout(URI root, String jobId) {
        this.root = root;
        this.jobId = jobId;
    }

    String jobId() {
        return jobId;
    }

    /** The job's directory, relative to the root. */
    String jobDirectory() {
        return jobId;
    }

    /** A snapshot's directory as a URI, for the reader to resolve relative handles against. */
    URI checkpointUri(long checkpointId) {
        return URI.create(root + "/" + CheckpointLayout.checkpointDirectory(jobId, checkpointId) + "/");
    }

    /** The file's path relative to the root; empty when it lies outside it (or is not a plain path). */
    Optional<String> relative(URI file) {
        if (!Objects.equals(file.getScheme(), root.getScheme())
                || !Objects.equals(emptyIfNull(file.getAuthority()), emptyIfNull(root.getAuthority()))
                || file.getPath() == null) {
            return Optional.empty();
        }
        String base = root.getPath().endsWith("/") ? root.getPath() : root.getPath() + "/";
        String path = file.normalize().getPath();
        if (!path.startsWith(base)) {
            return Optional.empty();
        }
        String relative = path.substring(base.length());
        return RelativePaths.isSafe(relative) ? Optional.of(relative) : Optional.empty();
    }

    Place place(String relative, long checkpointId) {
        if (relative.startsWith(CheckpointLayout.checkpointDirectory(jobId, checkpointId) + "/")) {
            return Place.OWN_DIRECTORY;
        }
        if (relative.startsWith(CheckpointLayout.sharedDirectory(jobId) + "/")) {
            return Place.SHARED;
        }
        String[] parts = relative.split("/", 3);
        if (parts.length == 3 && parts[0].equals(jobId) && CheckpointLayout.isTaskOwnedDirectory(parts[1])) {
            return Place.TASK_OWNED;
        }
        return Place.ELSEWHERE;
    }

    private static String emptyIfNull(String text) {
        return text == null ? "" : text;
    }
}
