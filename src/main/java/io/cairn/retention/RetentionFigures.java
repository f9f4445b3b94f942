package io.cairn.retention;

import java.util.List;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.SnapshotLocation;
import org.springframework.stereotype.Component;

/** Recomputes what each job keeps for the retained-checkpoint and retained-bytes gauges. */
@Component
class RetentionFigures {

    private final JobRepository jobs;
    private final CheckpointRepository checkpoints;
    private final SharedStateRepository sharedState;
    private final CheckpointStorages storages;
    private final RetentionMetrics metrics;

    RetentionFigures(
            JobRepository jobs,
            CheckpointRepository checkpoints,
            SharedStateRepository sharedState,
            CheckpointStorages storages,
            RetentionMetrics metrics) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.sharedState = sharedState;
        this.storages = storages;
        this.metrics = metrics;
    }

    /** Recomputes one job's figures (the others keep theirs). */
    void refresh(long jobPk) {
        jobs.findById(jobPk).ifPresent(job -> {
            List<Checkpoint> kept = checkpoints.findKept(job.getId());
            long exclusive = 0;
            var storage = storages.forRoot(job.getCheckpointRoot());
            for (Checkpoint checkpoint : kept) {
                if (checkpoint.getKind() == CheckpointKind.CHECKPOINT) {
                    exclusive += storage.usage(
                                    SnapshotLocation.checkpoint(job.getJobId(), checkpoint.getCheckpointId()))
                            .bytes();
                }
            }
            long shared = sharedState.liveBytes(job.getId());
            metrics.retained(new RetentionMetrics.RetainedFigures(job.getJobId(), kept.size(), exclusive, shared));
        });
    }
}
