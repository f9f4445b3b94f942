package io.cairn.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Cairn to agent, {@code POST /v1/restore}: load this state before processing. The watermark is
 * the subtask's watermark at checkpoint time: emit it before replaying in-flight records.
 *
 * @param checkpointDir URI of the restored checkpoint's directory (EXCLUSIVE paths are relative to it)
 * @param sharedDir URI of the {@code shared/} directory SHARED keys are relative to
 * @param epoch the coordinating replica's lease epoch, as in {@link TriggerCheckpoint}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreCommand(
        String jobId,
        long restoreId,
        long checkpointId,
        String taskId,
        int subtask,
        String checkpointDir,
        String sharedDir,
        List<StateHandleRef> handles,
        Long watermark,
        long epoch) {

    public RestoreCommand {
        handles = handles == null ? List.of() : List.copyOf(handles);
    }
}
