package io.cairn.coordinator;

import java.util.Optional;

import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.StateHandleRef;
import io.cairn.storage.RelativePaths;

/**
 * What an acknowledgement must say about itself before Cairn believes it (the agent protocol's ack
 * rules): sizes that add up, handles that are well formed, and files the acking subtask wrote
 * under its own prefix {@code <taskId>-<subtask>/}, so that one subtask can never name, and on abort
 * never delete, another's files. Whether the files are really there is {@link AckFiles}' check.
 */
final class AckRules {

    private AckRules() {}

    /** The prefix a subtask's own files (exclusive, or shared ones it newly wrote) must lie under. */
    static String ownPrefix(String taskId, int subtask) {
        return taskId + "-" + subtask + "/";
    }

    /** What is wrong with the ack, or empty when it keeps every rule. */
    static Optional<String> violation(Acknowledge ack) {
        if (ack.stateSize() < 0 || ack.checkpointedSize() < 0 || ack.inFlightBytes() < 0) {
            return Optional.of("negative sizes (stateSize " + ack.stateSize() + ", checkpointedSize "
                    + ack.checkpointedSize() + ", inFlightBytes " + ack.inFlightBytes() + ")");
        }
        if (ack.alignmentMs() < 0 || ack.startDelayMs() < 0 || ack.syncMs() < 0 || ack.asyncMs() < 0) {
            return Optional.of("a negative duration");
        }
        long handleBytes = 0;
        for (StateHandleRef handle : ack.handles()) {
            Optional<String> invalid = invalidHandle(ack, handle);
            if (invalid.isPresent()) {
                return invalid;
            }
            handleBytes += handle.size();
        }
        if (ack.stateSize() != handleBytes) {
            return Optional.of("stateSize " + ack.stateSize() + " but its handles add up to " + handleBytes
                    + " bytes; stateSize is the sum of the handles' sizes");
        }
        if (ack.checkpointedSize() > ack.stateSize() || ack.inFlightBytes() > ack.stateSize()) {
            return Optional.of("checkpointedSize " + ack.checkpointedSize() + " or inFlightBytes " + ack.inFlightBytes()
                    + " above its stateSize " + ack.stateSize());
        }
        return Optional.empty();
    }

    private static Optional<String> invalidHandle(Acknowledge ack, StateHandleRef handle) {
        if (handle.location() == null) {
            return Optional.of("a state handle without a location");
        }
        if (handle.size() < 0) {
            return Optional.of("state handle " + describe(handle) + " with negative size " + handle.size());
        }
        if (handle.location() == StateHandleRef.Location.INLINE) {
            if (handle.inline() == null) {
                return Optional.of("an inline state handle without bytes");
            }
            if (handle.inline().length != handle.size()) {
                return Optional.of(
                        "an inline state handle of " + handle.inline().length + " bytes with size " + handle.size());
            }
            return Optional.empty();
        }
        if (!RelativePaths.isSafe(handle.path())) {
            return Optional.of("state handle path '" + truncate(String.valueOf(handle.path()))
                    + "', which is not a relative path inside the checkpoint or shared directory");
        }
        if (RelativePaths.isReserved(handle.path())) {
            return Optional.of("state handle " + describe(handle) + ", a name reserved for Cairn's own files");
        }
        boolean ownFile = handle.location() == StateHandleRef.Location.EXCLUSIVE || handle.newlyCreated();
        String prefix = ownPrefix(ack.taskId(), ack.subtask());
        if (ownFile && !handle.path().startsWith(prefix)) {
            return Optional.of("state handle " + describe(handle) + " outside its own prefix '" + prefix + "'");
        }
        return Optional.empty();
    }

    static String describe(StateHandleRef handle) {
        return handle.location() + " '" + truncate(String.valueOf(handle.path())) + "'";
    }

    private static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
