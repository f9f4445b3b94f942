package io.cairn.job;

import io.cairn.common.DomainException;

/** An agent names a task the job does not have, or a subtask beyond the task's parallelism. */
public final class UnknownSubtask extends DomainException {

    UnknownSubtask(String jobId, String taskId, int subtask, String known) {
        super("Job '" + jobId + "' has no subtask " + subtask + " of task '" + taskId + "'; its tasks are " + known);
        with("jobId", jobId);
        with("taskId", taskId);
        with("subtask", subtask);
    }

    @Override
    public Outcome outcome() {
        return Outcome.NOT_FOUND;
    }

    @Override
    public String type() {
        return "subtask-not-found";
    }

    @Override
    public String title() {
        return "Subtask not found";
    }
}
