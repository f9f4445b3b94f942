package io.cairn.agentclient;

import java.util.concurrent.CompletableFuture;

import io.cairn.protocol.AgentHealth;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.TriggerCheckpoint;

/**
 * The port through which Cairn calls task agents. Every call is asynchronous and bounded by a
 * timeout; a future that completes exceptionally means the agent could not be reached or refused
 * (any answer but 2xx). Triggers and notifications may be repeated safely. Futures may complete
 * on the client's I/O thread: callbacks must hand blocking work to an executor of their own.
 */
public interface AgentClient {

    CompletableFuture<Void> trigger(String agentUrl, TriggerCheckpoint trigger);

    CompletableFuture<Void> notifyComplete(String agentUrl, CheckpointNotification notification);

    CompletableFuture<Void> notifyAbort(String agentUrl, CheckpointNotification notification);

    CompletableFuture<AgentHealth> health(String jobId, String agentUrl);

    CompletableFuture<Void> restore(String agentUrl, RestoreCommand command);
}
