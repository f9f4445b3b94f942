package io.cairn.restore;

import java.util.List;
import java.util.Map;

import io.cairn.agent.StateHandleRef;
import io.cairn.catalog.Restore.SourceKind;

/**
 * A restore that passed every check: what to restore and what each subtask gets.
 *
 * @param checkpointPk catalog row of the restored checkpoint, or null for an external path Cairn does not know
 * @param commands per subtask ({@code taskId/subtask}): its handles and watermark
 */
record RestorePlan(SourceKind sourceKind, Long checkpointPk, long checkpointId, String metadataPath,
        String checkpointDir, String sharedDir, Map<String, SubtaskState> commands, List<String> skippedTasks) {

    /** @param agentUrl where the subtask's agent was registered when the restore was checked */
    record SubtaskState(String taskId, int subtask, String agentUrl, List<StateHandleRef> handles, Long watermark) {
    }
}
