package io.cairn.coordinator;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.FailureReason;
import io.cairn.catalog.FencedOut;
import io.cairn.cluster.JobOwnership;
import io.cairn.config.FaultInjection;
import io.cairn.job.Job;
import io.cairn.job.JobChangedSinceRead;
import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.Alignment;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.SnapshotLocation;
import io.cairn.storage.StorageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Triggers a checkpoint: checks the preconditions, takes the next id and records it PENDING,
 * creates {@code chk-N}, and fans the trigger out. The job's monitor is held from the check to
 * the registration, so two triggers never both pass a max-concurrent check they jointly break.
 */
@Component
public class CheckpointTrigger {

    private static final Logger log = LoggerFactory.getLogger(CheckpointTrigger.class);

    /** Reads of a job a trigger tries before giving up on a job that keeps changing. */
    private static final int MAX_ATTEMPTS = 3;

    private final TriggerJobs jobs;
    private final JobCheckpointsRegistry registry;
    private final TriggerGuard guard;
    private final CheckpointLedger ledger;
    private final StorageLookup storage;
    private final TriggerFanOut fanOut;
    private final CheckpointMetrics metrics;
    private final FaultInjection faults;
    private final JobOwnership ownership;
    private final Clock clock;

    CheckpointTrigger(
            TriggerJobs jobs,
            JobCheckpointsRegistry registry,
            TriggerGuard guard,
            CheckpointLedger ledger,
            StorageLookup storage,
            TriggerFanOut fanOut,
            CheckpointMetrics metrics,
            FaultInjection faults,
            JobOwnership ownership,
            Clock clock) {
        this.jobs = jobs;
        this.registry = registry;
        this.guard = guard;
        this.ledger = ledger;
        this.storage = storage;
        this.fanOut = fanOut;
        this.metrics = metrics;
        this.faults = faults;
        this.ownership = ownership;
        this.clock = clock;
    }

    /**
     * @param requested alignment asked for, or null for the job's mode
     * @throws CheckpointRefused, io.cairn.job.JobNotRunning, io.cairn.job.JobNotFound, StorageFailure
     */
    public Triggered trigger(String jobId, Alignment requested) {
        return attempt(jobId, requested).orThrow();
    }

    /**
     * A periodic checkpoint, in the job's mode. A refusal for now (too soon, too many in flight,
     * agents missing, a restore running) is a normal answer, returned rather than thrown.
     *
     * @throws io.cairn.job.JobNotRunning, io.cairn.job.JobNotFound, StorageFailure
     */
    Attempt triggerPeriodic(String jobId) {
        return attempt(jobId, null);
    }

    private Attempt attempt(String jobId, Alignment requested) {
        return onJob(jobId, read -> {
            Job job = read.job();
            Alignment alignment =
                    requested != null ? requested : job.getCheckpointing().mode();
            CheckpointStorage checkpoints = storage.of(job);
            return start(
                    read,
                    new SnapshotType.Checkpoint(),
                    alignment,
                    state -> guard.check(read, state, alignment),
                    new Directory(
                            id -> checkpoints.directory(SnapshotLocation.checkpoint(jobId, id)),
                            id -> checkpoints.createDirectory(SnapshotLocation.checkpoint(jobId, id))));
        });
    }

    /**
     * Triggers a savepoint: aligned, written self-contained under a new directory of the savepoint
     * root (or of {@code targetDirectory} below it).
     *
     * @throws CheckpointRefused, io.cairn.job.JobNotRunning, io.cairn.job.JobNotFound, StorageFailure,
     *     io.cairn.common.InvalidRequest for a target outside the savepoint root
     */
    public Triggered triggerSavepoint(String jobId, String targetDirectory) {
        return onJob(jobId, read -> {
                    Job job = read.job();
                    CheckpointStorage savepoints = storage.savepoints();
                    String relative =
                            SavepointDirectories.newDirectory(storage.savepointRoot(), job.getJobId(), targetDirectory);
                    SnapshotLocation location = SnapshotLocation.directory(relative);
                    URI uri = savepoints.directory(location);
                    return start(
                            read,
                            new SnapshotType.Savepoint(relative),
                            Alignment.ALIGNED,
                            state -> guard.checkSavepoint(read, state),
                            new Directory(id -> uri, id -> savepoints.createDirectory(location)));
                })
                .orThrow();
    }

    /**
     * Runs a trigger on the job as this replica last read it. Its PENDING write finds out whether
     * the job changed since (and then writes nothing); the job is read again and the trigger runs
     * again (a few times: a job that keeps changing answers 409). A refusal or an error may come
     * from an old read, so the next trigger reads the job again too.
     */
    private Attempt onJob(String jobId, Function<TriggerJobs.Read, Optional<Attempt>> trigger) {
        for (int attempt = 1; ; attempt++) {
            TriggerJobs.Read read = openJob(jobId);
            Optional<Attempt> outcome;
            try {
                outcome = trigger.apply(read);
            } catch (RuntimeException | Error e) {
                jobs.forget(read);
                throw e;
            }
            if (outcome.isPresent()) {
                if (outcome.get().refusal() != null) {
                    jobs.forget(read);
                }
                return outcome.get();
            }
            jobs.forget(read);
            if (attempt == MAX_ATTEMPTS) {
                throw new JobChangedSinceRead(read.job().getId());
            }
        }
    }

    private TriggerJobs.Read openJob(String jobId) {
        if (registry.isClosed()) {
            throw new ShuttingDown();
        }
        TriggerJobs.Read read = jobs.read(jobId);
        Job job = read.job();
        if (!ownership.owns(job.getId())) {
            // Forwarded here while the lease was moving, or before this replica settled the job.
            throw new FencedOut(
                    job.getId(),
                    "This replica does not coordinate job '" + jobId + "' right now; retry in a few seconds");
        }
        return read;
    }

    /** @return what the trigger came to; empty when the job changed since {@code read}, and nothing was recorded */
    private Optional<Attempt> start(
            TriggerJobs.Read read,
            SnapshotType type,
            Alignment alignment,
            Function<JobCheckpoints, Precondition> preconditions,
            Directory directoryOf) {
        Job job = read.job();
        String jobId = job.getJobId();
        JobCheckpoints state = registry.of(job);
        PendingCheckpoint pending;
        CheckpointKind kind = type.kind();
        boolean full = job.isNextCheckpointFull() || type.selfContained();
        synchronized (state) {
            Precondition precondition = preconditions.apply(state);
            if (precondition.refusal() != null) {
                return Optional.of(Attempt.refused(precondition.refusal()));
            }
            List<ExpectedSubtask> subtasks = precondition.subtasks();
            Instant now = clock.instant();
            long nanos = System.nanoTime();
            Optional<Long> rowId = ledger.recordPending(
                    job.getId(),
                    read.version(),
                    read.nextCheckpointId(),
                    kind,
                    alignment,
                    subtasks.size(),
                    full,
                    now,
                    directoryOf.uri());
            if (rowId.isEmpty()) {
                return Optional.empty();
            }
            long checkpointId = read.nextCheckpointId();
            jobs.triggered(read);
            pending = new PendingCheckpoint(
                    job.getId(),
                    jobId,
                    checkpointId,
                    rowId.get(),
                    type,
                    full,
                    alignment,
                    now,
                    nanos,
                    directoryOf.uri().apply(checkpointId),
                    job.getTasks().stream()
                            .map(task -> new PendingCheckpoint.TaskShape(task.taskId(), task.parallelism()))
                            .toList(),
                    subtasks);
            state.add(pending);
        }
        // Outside the job's monitor: a slow file system holds up this trigger, not the job's acks and notices.
        createDirectory(state, pending, directoryOf);
        if (state.pending(pending.checkpointId) == null) {
            // Aborted meanwhile (a restore, the job's end, shutdown): its clean-up may have run before the
            // directory existed, so it goes here, and no agent hears of the checkpoint.
            try {
                type.discard(storage, pending.jobPk, jobId, pending.checkpointId);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not remove the directory of aborted checkpoint {} of job {}; the orphan sweep will: {}",
                        pending.checkpointId,
                        jobId,
                        e.getMessage());
            }
            return Optional.of(Attempt.triggered(new Triggered(
                    pending.checkpointId, kind, alignment, pending.triggeredAt, pending.directory.toString())));
        }
        metrics.started(jobId, alignment);
        log.atInfo()
                .addKeyValue("cairn.job", jobId)
                .addKeyValue("cairn.checkpoint", pending.checkpointId)
                .log(
                        "Triggering {} {} ({}{}) for job {} to {} subtasks",
                        type.noun(),
                        pending.checkpointId,
                        alignment,
                        full ? ", full" : "",
                        jobId,
                        pending.expectedSubtasks().size());
        fanOut.send(state, pending, job.getCheckpointing(), storage.of(job).jobLayout(jobId), full);
        faults.reached(FaultInjection.Point.AFTER_TRIGGER);
        return Optional.of(Attempt.triggered(new Triggered(
                pending.checkpointId, kind, alignment, pending.triggeredAt, pending.directory.toString())));
    }

    /**
     * Creates the checkpoint's directory. Whatever the storage throws, the checkpoint ends recorded
     * (never stuck PENDING) before the caller hears of it; nothing was sent to agents yet.
     */
    private void createDirectory(JobCheckpoints state, PendingCheckpoint pending, Directory directoryOf) {
        try {
            directoryOf.create().apply(pending.checkpointId);
        } catch (RuntimeException | Error e) {
            state.end(pending.checkpointId, AckOutcome.DISCARDED).ifPresent(ended -> {
                ledger.recordFailed(
                        ended.jobPk,
                        ended.checkpointId,
                        FailureReason.IO_ERROR,
                        e instanceof StorageFailure ? e.getMessage() : "creating the directory failed: " + e,
                        clock.instant());
                metrics.failed(ended.jobId, FailureReason.IO_ERROR);
            });
            throw e;
        }
    }

    /** Where a new checkpoint's files go, by its id: {@code chk-N} of the job, or a savepoint directory. */
    private record Directory(LongFunction<URI> uri, LongFunction<URI> create) {}

    /**
     * A trigger's outcome: triggered, or refused for now.
     *
     * @param refusal null when it was triggered
     */
    record Attempt(Triggered triggered, CheckpointRefused refusal) {

        static Attempt triggered(Triggered triggered) {
            return new Attempt(triggered, null);
        }

        static Attempt refused(CheckpointRefused refusal) {
            return new Attempt(null, refusal);
        }

        /** For an API caller, a refusal is the answer: thrown, and mapped to its problem. */
        Triggered orThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return triggered;
        }
    }

    /** A checkpoint that was triggered: its id, its alignment, when. */
    public record Triggered(
            long checkpointId, CheckpointKind kind, Alignment alignment, Instant triggeredAt, String directory) {}
}
