package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cairn.agentclient.AgentClient;
import io.cairn.protocol.CheckpointNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells agents that a checkpoint completed or was aborted: best effort, never waited for. A
 * batched agent hears it once for all its subtasks (the notice names no subtask).
 */
@Component
class AgentNotifier {

    private static final Logger log = LoggerFactory.getLogger(AgentNotifier.class);

    private final AgentClient agents;

    AgentNotifier(AgentClient agents) {
        this.agents = agents;
    }

    void completed(PendingCheckpoint checkpoint) {
        CheckpointNotification notification =
                new CheckpointNotification(checkpoint.jobId, checkpoint.checkpointId, null);
        for (List<ExpectedSubtask> call : ExpectedSubtask.byCall(checkpoint.expectedSubtasks())) {
            agents.notifyComplete(call.get(0).agentUrl(), notification).exceptionally(failure -> {
                log.debug(
                        "Agent of {} did not take the completion of checkpoint {}: {}",
                        ExpectedSubtask.describe(call),
                        checkpoint.checkpointId,
                        failure.getMessage());
                return null;
            });
        }
    }

    /** @return completes once every agent answered or failed to */
    CompletableFuture<Void> aborted(PendingCheckpoint checkpoint, String reason) {
        CheckpointNotification notification =
                new CheckpointNotification(checkpoint.jobId, checkpoint.checkpointId, reason);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (List<ExpectedSubtask> call : ExpectedSubtask.byCall(checkpoint.expectedSubtasks())) {
            sent.add(agents.notifyAbort(call.get(0).agentUrl(), notification).exceptionally(failure -> {
                log.debug(
                        "Agent of {} did not take the abort of checkpoint {}: {}",
                        ExpectedSubtask.describe(call),
                        checkpoint.checkpointId,
                        failure.getMessage());
                return null;
            }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }
}
