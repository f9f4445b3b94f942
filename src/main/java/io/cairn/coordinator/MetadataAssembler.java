package io.cairn.coordinator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.cairn.catalog.CheckpointKind;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.StateHandleRef;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointMetadata.StateHandle;
import io.cairn.storage.CheckpointMetadata.SubtaskState;
import io.cairn.storage.CheckpointMetadata.TaskState;

/** Turns a fully acknowledged checkpoint into the {@code _metadata} that makes it exist. */
final class MetadataAssembler {

    private MetadataAssembler() {}

    static CheckpointMetadata assemble(PendingCheckpoint checkpoint, Instant completedAt) {
        List<TaskState> tasks = new ArrayList<>();
        for (PendingCheckpoint.TaskShape task : checkpoint.tasks) {
            List<SubtaskState> subtasks = checkpoint.acks().stream()
                    .map(PendingCheckpoint.ReceivedAck::ack)
                    .filter(ack -> ack.taskId().equals(task.taskId()))
                    .sorted(Comparator.comparingInt(Acknowledge::subtask))
                    .map(ack -> new SubtaskState(
                            ack.subtask(),
                            ack.watermark(),
                            ack.handles().stream()
                                    .filter(handle -> !handle.inFlight())
                                    .map(MetadataAssembler::handle)
                                    .toList(),
                            ack.handles().stream()
                                    .filter(StateHandleRef::inFlight)
                                    .map(MetadataAssembler::handle)
                                    .toList()))
                    .toList();
            tasks.add(new TaskState(task.taskId(), task.parallelism(), subtasks));
        }
        return new CheckpointMetadata(
                CheckpointMetadata.CURRENT_FORMAT,
                checkpoint.jobId,
                checkpoint.checkpointId,
                checkpoint.type.kind() == CheckpointKind.SAVEPOINT
                        ? CheckpointMetadata.Kind.SAVEPOINT
                        : CheckpointMetadata.Kind.CHECKPOINT,
                checkpoint.effectiveAlignment(),
                checkpoint.triggeredAt,
                completedAt,
                tasks);
    }

    private static StateHandle handle(StateHandleRef ref) {
        return switch (ref.location()) {
            case EXCLUSIVE -> new StateHandle(CheckpointMetadata.Location.EXCLUSIVE, ref.path(), ref.size(), null);
            case SHARED -> new StateHandle(CheckpointMetadata.Location.SHARED, ref.path(), ref.size(), null);
            case INLINE -> new StateHandle(CheckpointMetadata.Location.INLINE, null, ref.size(), ref.inline());
        };
    }
}
