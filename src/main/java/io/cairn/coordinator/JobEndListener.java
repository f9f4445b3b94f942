package io.cairn.coordinator;

import java.util.concurrent.ScheduledExecutorService;

import io.cairn.catalog.FailureReason;
import io.cairn.job.JobEnded;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** When a job ends, its pending checkpoints are aborted (JOB_ENDED) once the end is committed. */
@Component
class JobEndListener {

    private final JobCheckpointsRegistry registry;
    private final CheckpointAborter aborter;
    private final ScheduledExecutorService background;

    JobEndListener(
            JobCheckpointsRegistry registry, CheckpointAborter aborter, ScheduledExecutorService coordinatorTimer) {
        this.registry = registry;
        this.aborter = aborter;
        this.background = coordinatorTimer;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onJobEnded(JobEnded ended) {
        // Off the request thread: the ending transaction's resources are still bound to it.
        background.execute(() -> {
            JobCheckpoints job = registry.of(ended.jobId());
            for (PendingCheckpoint pending : job.allPending()) {
                aborter.abort(job, pending.checkpointId, FailureReason.JOB_ENDED, "the job is " + ended.state());
            }
        });
    }
}
