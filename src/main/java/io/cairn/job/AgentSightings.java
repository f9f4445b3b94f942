package io.cairn.job;

/**
 * Agents seen through calls other than their renewal. An agent's accepted ack shows it alive as
 * well as a renewal does; counting it as one spares an agent of a job that checkpoints more often
 * than it renews most of its renewals, half of its calls to Cairn.
 */
public interface AgentSightings {

    /**
     * Counts an ack as the agent's renewal, when this replica can renew it from memory (it
     * registered the agent, at a URL the catalog still holds, of a job still running).
     *
     * @return whether it did; if not, the agent must renew as usual
     */
    boolean renewedByAck(String jobId, String taskId, int subtask);
}
