package io.cairn.restore;

import java.util.List;
import java.util.Map;

import io.cairn.catalog.Restore.SourceKind;
import io.cairn.job.JobTask;
import io.cairn.protocol.StateHandleRef;

/**
 * A restore that passed every check: what to restore and what each subtask gets.
 *
 * @param checkpointPk catalog row of the restored checkpoint, or null for an external path Cairn does not know
 * @param commands per subtask ({@code taskId/subtask}): its handles and watermark
 * @param rescaledTo the job's new tasks when the restore changes its shape, else null
 */
record RestorePlan(
        SourceKind sourceKind,
        Long checkpointPk,
        long checkpointId,
        String metadataPath,
        String checkpointDir,
        String sharedDir,
        Map<String, SubtaskState> commands,
        List<String> skippedTasks,
        List<JobTask> rescaledTo) {

    RestorePlan rescalingTo(List<JobTask> tasks) {
        return new RestorePlan(
                sourceKind,
                checkpointPk,
                checkpointId,
                metadataPath,
                checkpointDir,
                sharedDir,
                commands,
                skippedTasks,
                List.copyOf(tasks));
    }

    /** @param agentUrl where the subtask's agent was registered when the restore was checked */
    record SubtaskState(String taskId, int subtask, String agentUrl, List<StateHandleRef> handles, Long watermark) {}
}
