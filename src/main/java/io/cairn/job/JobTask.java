package io.cairn.job;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One task of a job and how many subtasks (agents) it runs. */
@Embeddable
public class JobTask {

    @Column(name = "task_id", nullable = false, length = 64)
    private String taskId;

    @Column(nullable = false)
    private int parallelism;

    protected JobTask() {}

    JobTask(String taskId, int parallelism) {
        this.taskId = taskId;
        this.parallelism = parallelism;
    }

    public String taskId() {
        return taskId;
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobTask task && task.taskId.equals(taskId) && task.parallelism == parallelism;
    }

    @Override
    public int hashCode() {
        return taskId.hashCode() * 31 + parallelism;
    }
}
