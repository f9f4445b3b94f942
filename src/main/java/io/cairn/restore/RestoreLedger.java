package io.cairn.restore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.Restore;
import io.cairn.catalog.Restore.ClaimMode;
import io.cairn.catalog.RestoreRepository;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.common.Page;
import io.cairn.job.Job;
import io.cairn.job.JobCheckpointing;
import io.cairn.job.JobRescaler;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** A restore's catalog changes, each one short transaction: start (pin, claim rules, ids), each answer, the end. */
@Component
@Transactional(propagation = Propagation.REQUIRES_NEW)
class RestoreLedger {

    private final RestoreRepository restores;
    private final CheckpointRepository checkpoints;
    private final SharedStateRepository sharedState;
    private final JobCheckpointing jobs;
    private final JobRescaler rescaler;
    private final Clock clock;

    RestoreLedger(
            RestoreRepository restores,
            CheckpointRepository checkpoints,
            SharedStateRepository sharedState,
            JobCheckpointing jobs,
            JobRescaler rescaler,
            Clock clock) {
        this.rescaler = rescaler;
        this.restores = restores;
        this.checkpoints = checkpoints;
        this.sharedState = sharedState;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Records the restore and, together: pins the checkpoint (retention skips it until every agent
     * answered), applies the claim mode, and moves the job's next checkpoint id above it. The job's
     * row changes version with it: a trigger decided on an older read finds that out (TriggerJobs).
     */
    Restore start(Job job, RestorePlan plan, ClaimMode claim, boolean allowNonRestored) {
        jobs.restoreStarting(job.getId());
        return record(job, plan, claim, allowNonRestored);
    }

    /**
     * As {@link #start}, for a job being registered: in the registration's own transaction, so a
     * refusal keeps neither, and AWAITING_AGENTS until the job's agents register. No trigger can
     * have read the job before the restore, so its version need not move.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Restore startAwaitingAgents(Job job, RestorePlan plan, ClaimMode claim, boolean allowNonRestored) {
        Restore restore = record(job, plan, claim, allowNonRestored);
        restore.awaitAgents();
        return restore;
    }

    /**
     * A restore that changes the job's shape: the new tasks, the restore and its pin in one
     * transaction, the restore AWAITING_AGENTS until the new shape's agents are all there.
     */
    Restore startRescaling(Job job, RestorePlan plan, ClaimMode claim, boolean allowNonRestored) {
        Job rescaled = rescaler.rescale(job.getJobId(), plan.rescaledTo());
        jobs.restoreStarting(rescaled.getId());
        Restore restore = record(rescaled, plan, claim, allowNonRestored);
        restore.awaitAgents();
        return restore;
    }

    /** The job's restore waiting for its agents, if any. */
    @Transactional(readOnly = true)
    Optional<Restore> awaitingAgents(long jobPk) {
        return restores.findByJobPkAndStatus(jobPk, Restore.Status.AWAITING_AGENTS).stream()
                .findFirst();
    }

    /** The awaited agents are there: the restore is in progress from now on. */
    Restore agentsArrived(long restorePk) {
        Restore restore = restores.findById(restorePk).orElseThrow();
        restore.agentsArrived();
        return restore;
    }

    /**
     * Restores Cairn was carrying out when it stopped: their answers went with it, so they fail
     * and release their checkpoints (else the job would never checkpoint again). Those still
     * waiting for agents carry on.
     *
     * @return how many failed
     */
    int failInterrupted() {
        List<Restore> interrupted = restores.findByStatus(Restore.Status.IN_PROGRESS);
        for (Restore restore : interrupted) {
            restore.fail(
                    "Cairn stopped before every agent answered; check the job's state and restore again",
                    clock.instant());
            if (restore.getCheckpointPk() != null) {
                checkpoints.findById(restore.getCheckpointPk()).ifPresent(Checkpoint::unpin);
            }
        }
        return interrupted.size();
    }

    /** Fails a restore that waited for agents and cannot go on, unpinning its checkpoint. */
    void failAwaiting(long restorePk, String message) {
        Restore restore = restores.findById(restorePk).orElseThrow();
        if (restore.getStatus() != Restore.Status.AWAITING_AGENTS) {
            return;
        }
        restore.fail(message, clock.instant());
        if (restore.getCheckpointPk() != null) {
            checkpoints.findById(restore.getCheckpointPk()).ifPresent(Checkpoint::unpin);
        }
    }

    /** One restore of the job, as a view. */
    @Transactional(readOnly = true)
    RestoreView one(Job job, long restoreId) {
        return RestoreView.from(require(job, restoreId));
    }

    /**
     * Calls off a restore that waits for agents or runs, and releases its checkpoint: the job
     * checkpoints again. Answers still on their way change nothing.
     */
    Restore cancel(Job job, long restoreId) {
        Restore restore = require(job, restoreId);
        if (!restore.isRunning()) {
            throw RestoreRefused.notCancellable(job.getJobId(), restoreId, restore.getStatus());
        }
        restore.cancel("cancelled by a user", clock.instant());
        unpin(restore);
        return restore;
    }

    /** Restores that have waited for their agents since before the cutoff. */
    @Transactional(readOnly = true)
    List<Restore> awaitingSince(Instant cutoff) {
        return restores.findByStatus(Restore.Status.AWAITING_AGENTS).stream()
                .filter(restore -> restore.getRequestedAt().isBefore(cutoff))
                .toList();
    }

    private Restore require(Job job, long restoreId) {
        return restores.findById(restoreId)
                .filter(restore -> restore.getJobPk() == job.getId())
                .orElseThrow(() -> RestoreRefused.notFound(job.getJobId(), restoreId));
    }

    private void unpin(Restore restore) {
        if (restore.getCheckpointPk() != null) {
            checkpoints.findById(restore.getCheckpointPk()).ifPresent(Checkpoint::unpin);
        }
    }

    /** Refuses a second restore while one of the job's restores has not ended. */
    @Transactional(readOnly = true)
    void requireNoneRunning(Job job) {
        restores.findFirstByJobPkAndStatusIn(job.getId(), Restore.RUNNING).ifPresent(running -> {
            throw RestoreRefused.alreadyRunning(job.getJobId(), running.getId(), running.getStatus());
        });
    }

    private Restore record(Job job, RestorePlan plan, ClaimMode claim, boolean allowNonRestored) {
        // Checked again where it is recorded: two requests may both have passed the early check.
        requireNoneRunning(job);
        if (plan.checkpointPk() != null) {
            Checkpoint checkpoint = checkpoints.findById(plan.checkpointPk()).orElseThrow();
            checkpoint.pin();
            if (claim == ClaimMode.NO_CLAIM) {
                // The restored files belong to the user from now on: never deleted by Cairn.
                checkpoint.protectFromDiscard();
                sharedState.findAllById(checkpoint.getSharedStateRefs()).forEach(entry -> entry.protectFromDiscard());
            }
        }
        if (claim == ClaimMode.NO_CLAIM) {
            jobs.requireFullSnapshot(job.getId());
        }
        jobs.ensureNextCheckpointIdAbove(job.getId(), plan.checkpointId());
        Restore restore = new Restore(
                job.getId(),
                plan.sourceKind(),
                plan.checkpointPk(),
                plan.checkpointId(),
                plan.metadataPath(),
                claim,
                allowNonRestored,
                clock.instant());
        plan.commands().values().forEach(state -> restore.expectAgent(state.taskId(), state.subtask()));
        return restores.save(restore);
    }

    /** A job's restores as views, newest first (read here: the agents' answers load lazily). */
    @Transactional(readOnly = true)
    Page<RestoreView> history(Job job, Pageable pageable) {
        return Page.from(restores.findByJobPkOrderByRequestedAtDesc(job.getId(), pageable), RestoreView::from);
    }

    /**
     * Records an agent's answer; the last one ends the restore and unpins its checkpoint.
     *
     * @return the restore if this answer ended it
     */
    Optional<Restore> answered(long restorePk, String taskId, int subtask, boolean confirmed, String message) {
        Restore restore = restores.findById(restorePk).orElseThrow();
        if (restore.getStatus() != Restore.Status.IN_PROGRESS) {
            // Cancelled or failed already, and unpinned then.
            return Optional.empty();
        }
        restore.recordAgent(taskId, subtask, confirmed, message, clock.instant());
        if (restore.getStatus() == Restore.Status.IN_PROGRESS) {
            return Optional.empty();
        }
        unpin(restore);
        return Optional.of(restore);
    }
}
