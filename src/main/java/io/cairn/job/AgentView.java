package io.cairn.job;

import java.time.Instant;

/** A registered agent as the API shows it. */
public record AgentView(
        String taskId, int subtask, String url, boolean batched, Instant registeredAt, Instant lastSeenAt) {

    static AgentView from(Agent agent) {
        return new AgentView(
                agent.getTaskId(),
                agent.getSubtask(),
                agent.getUrl(),
                agent.isBatched(),
                agent.getRegisteredAt(),
                agent.getLastSeenAt());
    }
}
