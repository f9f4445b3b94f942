package io.cairn.coordinator;

/** A subtask a checkpoint waits for, and the agent serving it when the checkpoint was triggered. */
record ExpectedSubtask(String taskId, int subtask, String agentUrl) {

    String key() {
        return key(taskId, subtask);
    }

    static String key(String taskId, int subtask) {
        return taskId + "/" + subtask;
    }
}
