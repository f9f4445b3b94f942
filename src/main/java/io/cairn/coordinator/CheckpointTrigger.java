package io.cairn.coordinator;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.cairn.agent.Alignment;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.FailureReason;
import io.cairn.config.FaultInjection;
import io.cairn.job.Job;
import io.cairn.job.JobFinder;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.StorageFailure;
import org.springframework.stereotype.Component;

/**
 * Triggers a checkpoint: checks the preconditions, takes the next id and records it PENDING,
 * creates {@code chk-N}, and fans the trigger out. The job's monitor is held from the check to
 * the registration, so two triggers never both pass a max-concurrent check they jointly break.
 */
@Component
public class CheckpointTrigger {

    private final JobFinder finder;
    private final JobCheckpointsRegistry registry;
    private final TriggerGuard guard;
    private final CheckpointLedger ledger;
    private final StorageLookup storage;
    private final TriggerFanOut fanOut;
    private final CheckpointMetrics metrics;
    private final FaultInjection faults;
    private final Clock clock;

    CheckpointTrigger(JobFinder finder, JobCheckpointsRegistry registry, TriggerGuard guard, CheckpointLedger ledger,
            StorageLookup storage, TriggerFanOut fanOut, CheckpointMetrics metrics, FaultInjection faults, Clock clock) {
        this.finder = finder;
        this.registry = registry;
        this.guard = guard;
        this.ledger = ledger;
        this.storage = storage;
        this.fanOut = fanOut;
        this.metrics = metrics;
        this.faults = faults;
        this.clock = clock;
    }

    /**
     * @param requested alignment asked for, or null for the job's mode
     * @throws CheckpointRefused, io.cairn.job.JobNotRunning, io.cairn.job.JobNotFound, StorageFailure
     */
    public Triggered trigger(String jobId, Alignment requested) {
        if (registry.isClosed()) {
            throw new ShuttingDown();
        }
        Job job = finder.require(jobId);
        Alignment alignment = requested != null ? requested : job.getCheckpointing().mode();
        JobCheckpoints state = registry.of(job);
        CheckpointStorage checkpoints = storage.of(job);
        PendingCheckpoint pending;
        synchronized (state) {
            List<ExpectedSubtask> subtasks = guard.check(job, state, alignment);
            Instant now = clock.instant();
            long nanos = System.nanoTime();
            Checkpoint row = ledger.recordPending(job.getId(), CheckpointKind.CHECKPOINT, alignment, subtasks.size(),
                    job.isNextCheckpointFull(), now, id -> checkpoints.checkpointDirectory(jobId, id));
            URI directory;
            try {
                directory = checkpoints.createCheckpointDirectory(jobId, row.getCheckpointId());
            } catch (StorageFailure e) {
                ledger.recordFailed(job.getId(), row.getCheckpointId(), FailureReason.IO_ERROR, e.getMessage(),
                        clock.instant());
                metrics.failed(jobId, FailureReason.IO_ERROR);
                throw e;
            }
            pending = new PendingCheckpoint(job.getId(), jobId, row.getCheckpointId(), CheckpointKind.CHECKPOINT,
                    alignment, now, nanos, directory, job.getTasks().stream()
                            .map(task -> new PendingCheckpoint.TaskShape(task.taskId(), task.parallelism())).toList(),
                    subtasks);
            state.add(pending);
        }
        metrics.started(jobId, alignment);
        fanOut.send(state, pending, job.getCheckpointing(), checkpoints.jobLayout(jobId), job.isNextCheckpointFull());
        faults.reached(FaultInjection.Point.AFTER_TRIGGER);
        return new Triggered(pending.checkpointId, alignment, pending.triggeredAt);
    }

    /** A checkpoint that was triggered: its id, its alignment, when. */
    public record Triggered(long checkpointId, Alignment alignment, Instant triggeredAt) {
    }
}
