package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subtask a checkpoint waits for, and the agent serving it when the checkpoint was triggered.
 *
 * @param batched the agent serves several subtasks at {@code agentUrl} and takes one call for all
 *     of them (agent protocol, batched agents)
 */
record ExpectedSubtask(String taskId, int subtask, String agentUrl, boolean batched) {

    String key() {
        return key(taskId, subtask);
    }

    static String key(String taskId, int subtask) {
        return taskId + "/" + subtask;
    }

    /**
     * The subtasks grouped by the call that reaches them: batched agents one group per URL, every
     * other subtask a group of its own; in the order given.
     */
    static Collection<List<ExpectedSubtask>> byCall(Collection<ExpectedSubtask> subtasks) {
        Map<String, List<ExpectedSubtask>> calls = new LinkedHashMap<>();
        for (ExpectedSubtask subtask : subtasks) {
            // A space cannot occur in a registered URL, so the two kinds of key never meet.
            String call = subtask.batched ? subtask.agentUrl : subtask.key() + " " + subtask.agentUrl;
            calls.computeIfAbsent(call, url -> new ArrayList<>(1)).add(subtask);
        }
        return calls.values();
    }

    /** The subtasks one call reaches, as a failure names them. */
    static String describe(List<ExpectedSubtask> call) {
        if (call.size() == 1) {
            return call.get(0).key();
        }
        return call.size() + " subtasks (" + call.get(0).key() + ", ...)";
    }
}
