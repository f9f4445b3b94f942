package io.cairn.job;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job as the API shows it.
 *
 * @param agentSecret only in the answer that creates or rotates it: the key the job's agents sign
 *     with; Cairn never shows it again
 * @param coordinator with several replicas, the one coordinating the job now (absent with one
 *     replica, or while no replica holds the job's lease)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String jobId,
        String name,
        JobState state,
        String stateReason,
        List<TaskSpec> tasks,
        CheckpointingSettings checkpointing,
        String checkpointRoot,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        String agentSecret,
        String coordinator) {

    static JobView from(Job job) {
        return new JobView(
                job.getJobId(),
                job.getName(),
                job.getState(),
                job.getStateReason(),
                job.getTasks().stream().map(TaskSpec::from).toList(),
                job.getCheckpointing(),
                job.getCheckpointRoot(),
                job.getCreatedAt(),
                job.getUpdatedAt(),
                job.getEndedAt(),
                null,
                null);
    }

    /** This view naming the replica that coordinates the job. */
    JobView coordinatedBy(String replica) {
        return new JobView(
                jobId,
                name,
                state,
                stateReason,
                tasks,
                checkpointing,
                checkpointRoot,
                createdAt,
                updatedAt,
                endedAt,
                agentSecret,
                replica);
    }

    /** The view that hands out the job's agent secret, once. */
    static JobView withSecret(Job job) {
        JobView view = from(job);
        return new JobView(
                view.jobId,
                view.name,
                view.state,
                view.stateReason,
                view.tasks,
                view.checkpointing,
                view.checkpointRoot,
                view.createdAt,
                view.updatedAt,
                view.endedAt,
                job.getAgentSecret(),
                null);
    }
}
