package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cairn.agentclient.AgentClient;
import io.cairn.protocol.CheckpointNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Tells agents that a checkpoint completed or was aborted: best effort, never waited for. */
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
        for (ExpectedSubtask subtask : checkpoint.expectedSubtasks()) {
            agents.notifyComplete(subtask.agentUrl(), notification).exceptionally(failure -> {
                log.debug(
                        "Agent {} did not take the completion of checkpoint {}: {}",
                        subtask.key(),
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
        for (ExpectedSubtask subtask : checkpoint.expectedSubtasks()) {
            sent.add(agents.notifyAbort(subtask.agentUrl(), notification).exceptionally(failure -> {
                log.debug(
                        "Agent {} did not take the abort of checkpoint {}: {}",
                        subtask.key(),
                        checkpoint.checkpointId,
                        failure.getMessage());
                return null;
            }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }
}
