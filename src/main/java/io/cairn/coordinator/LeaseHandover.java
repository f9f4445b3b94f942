package io.cairn.coordinator;

import io.cairn.catalog.FailureReason;
import io.cairn.cluster.JobLeaseReleasing;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Before this replica hands a job to another, it ends what it has in flight for the job while
 * its writes still pass the fence: the next owner then finds nothing of ours half done.
 */
@Component
class LeaseHandover {

    private final JobCheckpointsRegistry registry;
    private final CheckpointAborter aborter;

    LeaseHandover(JobCheckpointsRegistry registry, CheckpointAborter aborter) {
        this.registry = registry;
        this.aborter = aborter;
    }

    @EventListener
    void onReleasing(JobLeaseReleasing releasing) {
        registry.loaded(releasing.jobPk()).ifPresent(job -> {
            for (PendingCheckpoint pending : job.allPending()) {
                aborter.abort(
                        job, pending.checkpointId, FailureReason.COORDINATOR_LOST, "the job moves to another replica");
            }
        });
    }
}
