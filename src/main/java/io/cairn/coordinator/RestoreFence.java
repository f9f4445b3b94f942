package io.cairn.coordinator;

import java.util.List;

import io.cairn.catalog.FailureReason;
import org.springframework.stereotype.Component;

/**
 * Keeps checkpoints and a restore apart, as Flink does by restoring only after a failover has
 * aborted what was in flight. The restore records itself first; from then on {@link TriggerGuard}
 * refuses triggers; this then aborts whatever was already pending. Taking the job's monitor orders
 * it with a trigger that checked just before the restore was recorded.
 */
@Component
public class RestoreFence {

    private final JobCheckpointsRegistry registry;
    private final CheckpointAborter aborter;

    RestoreFence(JobCheckpointsRegistry registry, CheckpointAborter aborter) {
        this.registry = registry;
        this.aborter = aborter;
    }

    /** Aborts (RESTORED) every checkpoint of the job still pending; call after the restore is recorded. */
    public void abortPending(String jobId, long restoreId) {
        JobCheckpoints job = registry.of(jobId);
        List<PendingCheckpoint> pending;
        synchronized (job) {
            pending = job.allPending();
        }
        for (PendingCheckpoint checkpoint : pending) {
            aborter.abort(
                    job, checkpoint.checkpointId, FailureReason.RESTORED, "restore " + restoreId + " of the job began");
        }
    }
}
