package io.cairn.coordinator;

import java.time.Clock;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.FailureReason;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.MetadataUnreadable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Settles the checkpoints a stopped Cairn left PENDING, before it takes requests: storage is the
 * ground truth. One whose {@code _metadata} was published completed after all and is recorded
 * COMPLETED; one without it failed (COORDINATOR_LOST) and its directory goes. One whose
 * {@code _metadata} cannot be read is recorded FAILED but its files are left for an operator.
 */
@Component
class PendingRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PendingRecovery.class);

    private final CheckpointRepository checkpoints;
    private final JobRepository jobs;
    private final StorageLookup storage;
    private final CheckpointLedger ledger;
    private final Clock clock;

    PendingRecovery(CheckpointRepository checkpoints, JobRepository jobs, StorageLookup storage,
            CheckpointLedger ledger, Clock clock) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.storage = storage;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Checkpoint checkpoint : checkpoints.findByStatus(CheckpointStatus.PENDING)) {
            Job job = jobs.findById(checkpoint.getJobPk()).orElseThrow();
            settle(job, checkpoint.getCheckpointId());
        }
    }

    private void settle(Job job, long checkpointId) {
        CheckpointStorage files = storage.of(job);
        try {
            var metadata = files.readMetadata(job.getJobId(), checkpointId);
            if (metadata.isPresent()) {
                CheckpointMetadata published = metadata.get();
                ledger.recordRecovered(job.getId(), checkpointId, published);
                log.info("Checkpoint {} of job {} had published its _metadata before Cairn stopped: now COMPLETED",
                        checkpointId, job.getJobId());
                return;
            }
            ledger.recordFailed(job.getId(), checkpointId, FailureReason.COORDINATOR_LOST,
                    "Cairn stopped before the checkpoint completed", clock.instant());
            files.discardCheckpoint(job.getJobId(), checkpointId);
        } catch (MetadataUnreadable e) {
            ledger.recordFailed(job.getId(), checkpointId, FailureReason.IO_ERROR, e.getMessage(), clock.instant());
            log.error("Checkpoint {} of job {} has an unreadable _metadata; its files are kept: {}", checkpointId,
                    job.getJobId(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Could not settle pending checkpoint {} of job {}; it is retried at the next start: {}",
                    checkpointId, job.getJobId(), e.getMessage());
        }
    }
}
