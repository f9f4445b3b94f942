package io.cairn.job;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.cairn.common.InvalidRequest;
import io.cairn.storage.JobIdRule;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A task of a job and its parallelism.
 *
 * @param taskId follows the same rule as job ids: it names agents and state files
 * @param parallelism number of subtasks, each served by one agent
 */
public record TaskSpec(
        @Schema(example = "source")
        @NotNull
        @Pattern(regexp = JobIdRule.REGEX, message = "must be " + JobIdRule.DESCRIPTION)
        String taskId,

        @Schema(example = "2") @NotNull @Min(1) @Max(32_768) Integer parallelism) {

    static TaskSpec from(JobTask task) {
        return new TaskSpec(task.taskId(), task.parallelism());
    }

    /**
     * The tasks a list of specs describes.
     *
     * @param field the request field, for the refusal
     * @throws InvalidRequest when a task is listed twice
     */
    public static List<JobTask> toTasks(String field, List<TaskSpec> specs) {
        Set<String> seen = new HashSet<>();
        for (TaskSpec spec : specs) {
            if (!seen.add(spec.taskId())) {
                throw new InvalidRequest(
                        field, "task '" + spec.taskId() + "' is listed twice; task ids must be unique");
            }
        }
        return specs.stream()
                .map(spec -> new JobTask(spec.taskId(), spec.parallelism()))
                .toList();
    }
}
