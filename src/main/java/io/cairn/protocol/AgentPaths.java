package io.cairn.protocol;

/** The HTTP paths of the agent protocol, version 1, on both sides. */
public final class AgentPaths {

    /** Served by agents. */
    public static final String TRIGGER = "/v1/checkpoints/trigger";

    public static final String HEALTH = "/v1/health";
    public static final String RESTORE = "/v1/restore";

    private AgentPaths() {}

    public static String complete(long checkpointId) {
        return "/v1/checkpoints/" + checkpointId + "/complete";
    }

    public static String abort(long checkpointId) {
        return "/v1/checkpoints/" + checkpointId + "/abort";
    }

    /** Served by Cairn, relative to its base URL. */
    public static String acks(String jobId, long checkpointId) {
        return "/api/v1/jobs/" + jobId + "/checkpoints/" + checkpointId + "/acks";
    }

    public static String ackBatches(String jobId, long checkpointId) {
        return "/api/v1/jobs/" + jobId + "/checkpoints/" + checkpointId + "/ack-batches";
    }

    public static String declines(String jobId, long checkpointId) {
        return "/api/v1/jobs/" + jobId + "/checkpoints/" + checkpointId + "/declines";
    }

    public static String registration(String jobId, String taskId, int subtask) {
        return "/api/v1/jobs/" + jobId + "/agents/" + taskId + "/" + subtask;
    }
}
