package io.cairn.coordinator;

import java.util.List;

import io.cairn.cluster.JobOwnership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles the checkpoints ended here whose end the catalog did not record (it failed, or this
 * replica's lease went unconfirmed for a moment), which each job's {@link JobCheckpoints} keeps as
 * left behind: completions that published {@code _metadata} but could not commit, with the older
 * checkpoints they had ended, and failures whose write was refused. The catalog shows them PENDING
 * until they are settled, so they count against the job's max-concurrent meanwhile. Every second,
 * while this replica may write for the job, they are settled as a start would settle them: one
 * with a published {@code _metadata} COMPLETED, the others failed. Another replica that takes the
 * job settles them too.
 */
@Component
class LeftBehindCompletions {

    private static final Logger log = LoggerFactory.getLogger(LeftBehindCompletions.class);

    private final JobCheckpointsRegistry registry;
    private final CheckpointRecovery recovery;
    private final JobOwnership ownership;

    LeftBehindCompletions(JobCheckpointsRegistry registry, CheckpointRecovery recovery, JobOwnership ownership) {
        this.registry = registry;
        this.recovery = recovery;
        this.ownership = ownership;
    }

    @Scheduled(fixedDelay = 1000)
    void settleDue() {
        runOnce();
    }

    void runOnce() {
        for (JobCheckpoints job : registry.all()) {
            List<Long> leftBehind = job.leftBehind();
            if (leftBehind.isEmpty() || !ownership.owns(job.jobPk)) {
                continue;
            }
            try {
                if (recovery.settleLeftBehind(job.jobPk, leftBehind)) {
                    job.settled(leftBehind);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Checkpoints {} of job {} are still PENDING, settled on the next try: {}",
                        leftBehind,
                        job.jobId,
                        e.getMessage());
            }
        }
    }
}
