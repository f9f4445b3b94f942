package io.cairn.job;

import java.time.Instant;
import java.util.List;

/** A job as the API shows it. */
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
        Instant endedAt) {

    static JobView from(Job job) {
        return new JobView(job.getJobId(), job.getName(), job.getState(), job.getStateReason(),
                job.getTasks().stream().map(TaskSpec::from).toList(), job.getCheckpointing(), job.getCheckpointRoot(),
                job.getCreatedAt(), job.getUpdatedAt(), job.getEndedAt());
    }
}
