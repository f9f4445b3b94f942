package io.cairn.restore;

import java.time.Instant;
import java.util.List;

import io.cairn.catalog.Restore;

/** A restore as the API shows it, with what each agent answered. */
record RestoreView(
        long restoreId,
        Restore.Status status,
        Restore.SourceKind source,
        Long checkpointId,
        String metadataPath,
        Restore.ClaimMode claimMode,
        boolean allowNonRestoredState,
        Instant requestedAt,
        Instant finishedAt,
        String failureMessage,
        List<AgentOutcome> agents) {

    static RestoreView from(Restore restore) {
        return new RestoreView(
                restore.getId(),
                restore.getStatus(),
                restore.getSourceKind(),
                restore.getRestoredCheckpointId(),
                restore.getMetadataPath(),
                restore.getClaimMode(),
                restore.isAllowNonRestoredState(),
                restore.getRequestedAt(),
                restore.getFinishedAt(),
                restore.getFailureMessage(),
                restore.getAgents().stream()
                        .map(agent -> new AgentOutcome(
                                agent.getTaskId(),
                                agent.getSubtask(),
                                agent.getOutcome().name(),
                                agent.getMessage()))
                        .toList());
    }

    record AgentOutcome(String taskId, int subtask, String outcome, String message) {}
}
