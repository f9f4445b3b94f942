package io.cairn.coordinator;

import java.util.List;

/**
 * What the trigger guard decided: the subtasks to trigger, each with its agent, or why not now.
 *
 * @param refusal null when the trigger may go ahead
 */
record Precondition(List<ExpectedSubtask> subtasks, CheckpointRefused refusal) {

    static Precondition passed(List<ExpectedSubtask> subtasks) {
        return new Precondition(List.copyOf(subtasks), null);
    }

    static Precondition refused(CheckpointRefused refusal) {
        return new Precondition(List.of(), refusal);
    }
}
