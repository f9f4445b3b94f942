package io.cairn.coordinator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.StateHandleRef;
import io.cairn.storage.CheckpointStorage;

/**
 * Checks, before {@code _metadata} is published, that every file the acks of a checkpoint name is
 * on storage as a regular file of the reported size. A checkpoint that passes is restorable; one
 * that does not is aborted, since completing it would publish a promise its files cannot keep.
 */
final class AckFiles {

    private AckFiles() {}

    /**
     * @param exclusive the storage holding the checkpoint's (or savepoint's) directory
     * @param shared the storage holding the job's {@code shared/}, and that directory
     * @return the first discrepancy, naming the subtask and the handle, or empty when all is there
     * @throws io.cairn.storage.StorageFailure when storage cannot be listed
     */
    static Optional<String> discrepancy(
            PendingCheckpoint checkpoint, CheckpointStorage exclusive, CheckpointStorage shared, URI sharedDirectory) {
        List<String> exclusivePaths = new ArrayList<>();
        List<String> sharedKeys = new ArrayList<>();
        for (PendingCheckpoint.ReceivedAck received : checkpoint.acks()) {
            for (StateHandleRef handle : received.ack().handles()) {
                switch (handle.location()) {
                    case EXCLUSIVE -> exclusivePaths.add(handle.path());
                    case SHARED -> sharedKeys.add(handle.path());
                    case INLINE -> {}
                }
            }
        }
        Map<String, Long> exclusiveSizes =
                exclusivePaths.isEmpty() ? Map.of() : exclusive.fileSizes(checkpoint.directory, exclusivePaths);
        Map<String, Long> sharedSizes = sharedKeys.isEmpty() ? Map.of() : shared.fileSizes(sharedDirectory, sharedKeys);
        for (PendingCheckpoint.ReceivedAck received : checkpoint.acks()) {
            Acknowledge ack = received.ack();
            for (StateHandleRef handle : ack.handles()) {
                Long size = switch (handle.location()) {
                    case EXCLUSIVE -> exclusiveSizes.get(handle.path());
                    case SHARED -> sharedSizes.get(handle.path());
                    case INLINE -> (long) handle.size();
                };
                if (size == null) {
                    return Optional.of(ExpectedSubtask.key(ack.taskId(), ack.subtask()) + " named "
                            + AckRules.describe(handle) + ", which is not a regular file on storage");
                }
                if (size != handle.size()) {
                    return Optional.of(ExpectedSubtask.key(ack.taskId(), ack.subtask()) + " named "
                            + AckRules.describe(handle) + " of " + handle.size() + " bytes, but it has " + size);
                }
            }
        }
        return Optional.empty();
    }
}
