package io.cairn.job;

import java.time.Instant;

/** A registered agent as the API shows it. */
public record AgentView(String taskId, int subtask, String url, Instant registeredAt, Instant lastSeenAt) {

    static AgentView from(Agent agent) {
        return new AgentView(
                agent.getTaskId(), agent.getSubtask(), agent.getUrl(), agent.getRegisteredAt(), agent.getLastSeenAt());
    }
}
