package io.cairn.storage;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.cairn.protocol.Alignment;

/**
 * The content of a {@code _metadata} file: everything needed to restore a job from one
 * checkpoint or savepoint. Its presence is what makes a checkpoint exist.
 *
 * @param formatVersion version of this layout; readers refuse versions they do not know
 * @param alignment what the checkpoint became (an aligned one whose alignment timed out is UNALIGNED)
 * @param tasks every task with its parallelism at checkpoint time and each subtask's state
 */
public record CheckpointMetadata(
        int formatVersion,
        String jobId,
        long checkpointId,
        Kind kind,
        Alignment alignment,
        Instant triggeredAt,
        Instant completedAt,
        List<TaskState> tasks) {

    public static final int CURRENT_FORMAT = 1;

    public CheckpointMetadata {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** True when no handle points outside the checkpoint's own directory, so it can be moved. */
    public boolean selfContained() {
        return tasks.stream()
                .flatMap(task -> task.subtasks().stream())
                .flatMap(subtask -> subtask.allHandles().stream())
                .noneMatch(handle -> handle.location() == Location.SHARED);
    }

    public enum Kind {
        CHECKPOINT,
        SAVEPOINT
    }

    /** Where a handle's bytes are. */
    public enum Location {
        /** A file under the checkpoint's directory; {@code path} is relative to it. */
        EXCLUSIVE,
        /** A file under the job's {@code shared/}; {@code path} is its key there. */
        SHARED,
        /** Small state carried inside {@code _metadata} itself ({@code inline}). */
        INLINE
    }

    public record TaskState(String taskId, int parallelism, List<SubtaskState> subtasks) {
        public TaskState {
            subtasks = subtasks == null ? List.of() : List.copyOf(subtasks);
        }
    }

    /**
     * @param watermark the subtask's event-time watermark at checkpoint time, or null when it has none
     * @param inFlight records overtaken by an unaligned barrier, replayed on restore
     */
    public record SubtaskState(int subtask, Long watermark, List<StateHandle> handles, List<StateHandle> inFlight) {
        public SubtaskState {
            handles = handles == null ? List.of() : List.copyOf(handles);
            inFlight = inFlight == null ? List.of() : List.copyOf(inFlight);
        }

        List<StateHandle> allHandles() {
            return Stream.concat(handles.stream(), inFlight.stream()).toList();
        }
    }

    /** One piece of state: a file (by relative path or shared key) or inline bytes. */
    public record StateHandle(Location location, String path, long size, byte[] inline) {

        public static StateHandle exclusive(String relativePath, long size) {
            return new StateHandle(Location.EXCLUSIVE, relativePath, size, null);
        }

        public static StateHandle shared(String key, long size) {
            return new StateHandle(Location.SHARED, key, size, null);
        }

        public static StateHandle inline(byte[] bytes) {
            return new StateHandle(Location.INLINE, null, bytes.length, bytes.clone());
        }
    }
}
