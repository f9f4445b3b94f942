package io.cairn.coordinator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.FailureReason;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.MetadataUnreadable;
import io.cairn.storage.SnapshotLocation;
import io.cairn.storage.StorageRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings the catalog in line with storage after a stop, before Cairn takes requests (retention's
 * reconciliation calls it): storage is the ground truth. A checkpoint left PENDING whose
 * {@code _metadata} was published completed after all and is recorded COMPLETED; one without it
 * failed (COORDINATOR_LOST) and its directory goes; one whose {@code _metadata} cannot be read is
 * recorded FAILED and its files are left for an operator. A {@code chk-N} with a valid
 * {@code _metadata} the catalog does not know as completed is registered COMPLETED.
 */
@Component
public class CheckpointRecovery {

    private static final Logger log = LoggerFactory.getLogger(CheckpointRecovery.class);

    private final CheckpointRepository checkpoints;
    private final JobRepository jobs;
    private final StorageLookup storage;
    private final CheckpointLedger ledger;
    private final JobCheckpointsRegistry registry;
    private final Clock clock;

    CheckpointRecovery(
            CheckpointRepository checkpoints,
            JobRepository jobs,
            StorageLookup storage,
            CheckpointLedger ledger,
            JobCheckpointsRegistry registry,
            Clock clock) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.storage = storage;
        this.ledger = ledger;
        this.registry = registry;
        this.clock = clock;
    }

    /** Settles every checkpoint a stopped Cairn left PENDING. */
    public void settlePending() {
        settle(checkpoints.findByStatus(CheckpointStatus.PENDING));
    }

    /** Settles the checkpoints of one job its previous coordinator left PENDING (a takeover). */
    public void settlePending(long jobPk) {
        settle(checkpoints.findByJobPkAndStatusIn(jobPk, List.of(CheckpointStatus.PENDING)));
    }

    /**
     * Settles these checkpoints of a running job if the catalog still has them PENDING: a
     * completion that published {@code _metadata} but could not commit and the older ones it had
     * ended, or a failure whose write was refused. This replica no longer tracks them as pending,
     * so they are settled as a start would.
     *
     * @return whether none is left to settle (each settled now, or no longer PENDING)
     */
    public boolean settleLeftBehind(long jobPk, List<Long> checkpointIds) {
        boolean done = true;
        for (long checkpointId : checkpointIds) {
            Optional<Checkpoint> row = checkpoints.findByJobPkAndCheckpointId(jobPk, checkpointId);
            if (row.isPresent() && row.get().getStatus() == CheckpointStatus.PENDING) {
                done &= settle(List.of(row.get()));
            }
        }
        return done;
    }

    /**
     * One that cannot be settled now (storage or the catalog refusing, the lease unconfirmed for a
     * moment) stays PENDING and is left behind in the job's memory: it counts against the job's
     * max-concurrent, so the job triggers nothing beside it, and {@link LeftBehindCompletions}
     * tries again every second.
     */
    private boolean settle(List<Checkpoint> pending) {
        boolean settled = true;
        for (Checkpoint checkpoint : pending) {
            Job job = jobs.findById(checkpoint.getJobPk()).orElseThrow();
            boolean done = checkpoint.getKind() == CheckpointKind.SAVEPOINT
                    ? settleSavepoint(job, checkpoint)
                    : settle(job, checkpoint.getCheckpointId());
            if (!done) {
                registry.of(job).leaveBehind(List.of(checkpoint.getCheckpointId()));
            }
            settled &= done;
        }
        return settled;
    }

    /**
     * Registers the completed checkpoints found on storage that the catalog does not know as such,
     * and moves the job's next id above every {@code chk-N} on storage.
     *
     * @return ids registered
     */
    public List<Long> registerFoundOnStorage(Job job) {
        CheckpointStorage files = storage.of(job);
        List<Long> onStorage = files.listCheckpointIds(job.getJobId());
        List<Long> registered = new ArrayList<>();
        Map<Long, CheckpointStatus> known = new HashMap<>();
        checkpoints.findByJobPk(job.getId()).forEach(row -> known.put(row.getCheckpointId(), row.getStatus()));
        for (long checkpointId : onStorage) {
            CheckpointStatus status = known.get(checkpointId);
            if (status != null && status != CheckpointStatus.FAILED) {
                continue;
            }
            try {
                files.readMetadata(SnapshotLocation.checkpoint(job.getJobId(), checkpointId))
                        .ifPresent(metadata -> {
                            ledger.recordRecovered(
                                    job.getId(),
                                    checkpointId,
                                    files.directory(SnapshotLocation.checkpoint(job.getJobId(), checkpointId))
                                            .toString(),
                                    metadata);
                            registered.add(checkpointId);
                            log.warn(
                                    "Checkpoint {} of job {} is complete on storage but the catalog had {}: registered COMPLETED",
                                    checkpointId,
                                    job.getJobId(),
                                    status == null ? "no record of it" : status);
                        });
            } catch (MetadataUnreadable e) {
                log.warn(
                        "chk-{} of job {} has an unreadable _metadata; the orphan sweep reports it",
                        checkpointId,
                        job.getJobId());
            }
        }
        if (!onStorage.isEmpty()) {
            ledger.ensureNextIdAbove(job.getId(), onStorage.get(onStorage.size() - 1));
        }
        return registered;
    }

    /** As a checkpoint, for a savepoint in its own directory under the savepoint root. */
    private boolean settleSavepoint(Job job, Checkpoint savepoint) {
        StorageRoot root = storage.savepointRoot();
        StorageRoot directory = StorageRoot.parse(savepoint.getExternalPath());
        if (!root.contains(directory) || root.equals(directory)) {
            ledger.recordFailed(
                    job.getId(),
                    savepoint.getCheckpointId(),
                    FailureReason.COORDINATOR_LOST,
                    "Cairn stopped before the savepoint completed; its directory is outside the savepoint root " + root
                            + " now configured and was left alone",
                    clock.instant());
            return true;
        }
        String relative = root.relativize(directory);
        CheckpointStorage savepoints = storage.savepoints();
        return settle(
                job,
                savepoint.getCheckpointId(),
                "Savepoint",
                savepoint.getExternalPath(),
                () -> savepoints.readMetadata(SnapshotLocation.directory(relative)),
                () -> savepoints.discard(SnapshotLocation.directory(relative)));
    }

    private boolean settle(Job job, long checkpointId) {
        CheckpointStorage files = storage.of(job);
        return settle(
                job,
                checkpointId,
                "Checkpoint",
                files.directory(SnapshotLocation.checkpoint(job.getJobId(), checkpointId))
                        .toString(),
                () -> files.readMetadata(SnapshotLocation.checkpoint(job.getJobId(), checkpointId)),
                () -> files.discard(SnapshotLocation.checkpoint(job.getJobId(), checkpointId)));
    }

    /**
     * Its published {@code _metadata} makes it COMPLETED; without one it failed and its files go.
     *
     * @return false when it could not be settled now (retried at the next start, or sooner)
     */
    private boolean settle(
            Job job,
            long checkpointId,
            String what,
            String directory,
            Supplier<Optional<CheckpointMetadata>> metadata,
            Runnable discard) {
        try {
            Optional<CheckpointMetadata> published = metadata.get();
            if (published.isPresent()) {
                ledger.recordRecovered(job.getId(), checkpointId, directory, published.get());
                log.info(
                        "{} {} of job {} had published its _metadata but its completion was not recorded: now COMPLETED",
                        what,
                        checkpointId,
                        job.getJobId());
                return true;
            }
            ledger.recordFailed(
                    job.getId(),
                    checkpointId,
                    FailureReason.COORDINATOR_LOST,
                    "its coordinator stopped, or moved on, before it completed",
                    clock.instant());
            discard.run();
            return true;
        } catch (MetadataUnreadable e) {
            ledger.recordFailed(job.getId(), checkpointId, FailureReason.IO_ERROR, e.getMessage(), clock.instant());
            log.error(
                    "{} {} of job {} has an unreadable _metadata; its files are kept: {}",
                    what,
                    checkpointId,
                    job.getJobId(),
                    e.getMessage());
            return true;
        } catch (RuntimeException e) {
            log.error(
                    "Could not settle pending {} {} of job {}; it is retried: {}",
                    what,
                    checkpointId,
                    job.getJobId(),
                    e.getMessage());
            return false;
        }
    }
}
