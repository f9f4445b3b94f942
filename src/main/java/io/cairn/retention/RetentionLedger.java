package io.cairn.retention;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.catalog.CatalogSession;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointLifecycle;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointRows;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.CompletedCheckpoint;
import io.cairn.catalog.SharedStateEntry;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.catalog.WriteFence;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import io.cairn.job.JobState;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention's decisions, each committed in one short transaction before any file goes: what is
 * let go is marked DISCARDING (the journal), what stays past its job's end is marked RETAINED,
 * and what is gone is marked DISCARDED. Rows stay as history.
 */
@Component
@Transactional(propagation = Propagation.REQUIRES_NEW)
class RetentionLedger {

    private final CheckpointRepository checkpoints;
    private final CheckpointRows rows;
    private final CheckpointLifecycle lifecycle;
    private final SharedStateRepository sharedState;
    private final JobRepository jobs;
    private final CheckpointStorages storages;
    private final CatalogSession session;
    private final WriteFence fence;
    private final Clock clock;

    RetentionLedger(
            CheckpointRepository checkpoints,
            CheckpointRows rows,
            CheckpointLifecycle lifecycle,
            SharedStateRepository sharedState,
            JobRepository jobs,
            CheckpointStorages storages,
            CatalogSession session,
            WriteFence fence,
            Clock clock) {
        this.storages = storages;
        this.session = session;
        this.fence = fence;
        this.checkpoints = checkpoints;
        this.rows = rows;
        this.lifecycle = lifecycle;
        this.sharedState = sharedState;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Applies the job's rules to its completed checkpoints, then lets go of the shared files nothing
     * kept uses any more: one transaction and one read of the job (they were two of each on every
     * completion).
     */
    Decisions decide(long jobPk) {
        return decideWithin(jobPk);
    }

    /**
     * {@link #decide(long)} for several jobs in one transaction: one commit for all of them. If any
     * fails, none is recorded, and the caller decides them one by one.
     */
    Map<Long, Decisions> decideAll(Collection<Long> jobPks) {
        Map<Long, Decisions> decided = new LinkedHashMap<>();
        for (long jobPk : jobPks) {
            decided.put(jobPk, decideWithin(jobPk));
            // Each job's rows are done with: the next job's queries need not dirty-check them again.
            session.flushAndForget();
        }
        return decided;
    }

    private Decisions decideWithin(long jobPk) {
        Job job = jobs.findById(jobPk).orElseThrow();
        List<CompletedCheckpoint> completed = rows.completedCheckpoints(jobPk);
        List<Discard> letGo = applyRetention(job, completed);
        SharedFiles sharedFiles = sharedFilesOf(job, completed);
        // The DISCARDING marks are written already, so the query below counts what they protected as free.
        return new Decisions(letGo, releaseWithin(sharedFiles), sharedFiles);
    }

    /**
     * What one decision let go: checkpoints (and savepoints) first, then shared files, and how far
     * the job's shared files may go.
     */
    record Decisions(List<Discard> checkpoints, List<Discard> sharedState, SharedFiles sharedFiles) {}

    /** A job's shared files that may go: those nothing kept uses, last used before {@code below}. */
    record SharedFiles(long jobPk, String jobId, String root, long below) {}

    /**
     * Looks again for shared files the jobs' decisions freed, once those are committed. On H2 the
     * decision's own query now and then leaves out a file it freed (SharedStateRetentionIT's
     * scenario inside the full suite: 11 of 160 runs on H2 2.4.240, 1 of 120 on 2.5.252, which
     * costs a fifth more CPU at 5,000 agents; as JPQL or plain SQL alike; the same query a moment
     * later finds it); without a second look it would stay until the job's next completion.
     */
    List<Discard> releaseAgain(Collection<SharedFiles> jobs) {
        List<Discard> discards = new ArrayList<>();
        for (SharedFiles files : jobs) {
            discards.addAll(releaseWithin(files));
            // Each job's entries are done with: the next job's query need not dirty-check them.
            session.flushAndForget();
        }
        return discards;
    }

    /**
     * While the job runs, completed checkpoints beyond {@code numRetained} go; once it ended, all go
     * or all stay RETAINED, by retention mode.
     */
    private List<Discard> applyRetention(Job job, List<CompletedCheckpoint> completed) {
        List<CompletedCheckpoint> letGo = new ArrayList<>();
        if (job.isRunning()) {
            List<RetentionRules.Candidate> candidates = completed.stream()
                    .map(checkpoint -> new RetentionRules.Candidate(
                            checkpoint.checkpointId(), checkpoint.pinned(), checkpoint.neverDiscard()))
                    .toList();
            List<Long> subsumed = RetentionRules.subsumed(
                            candidates, job.getCheckpointing().numRetained())
                    .stream()
                    .map(RetentionRules.Candidate::checkpointId)
                    .toList();
            completed.stream()
                    .filter(checkpoint -> subsumed.contains(checkpoint.checkpointId()))
                    .forEach(letGo::add);
        } else if (RetentionRules.keepOnEnd(job.getCheckpointing().retention(), job.getState())) {
            completed.forEach(checkpoint ->
                    lifecycle.retain(checkpoints.findById(checkpoint.pk()).orElseThrow()));
        } else {
            completed.stream().filter(CompletedCheckpoint::discardable).forEach(letGo::add);
        }
        return letGo.stream()
                .map(checkpoint -> journal(
                        job,
                        checkpoint.checkpointId(),
                        checkpointDiscard(job, checkpoint.pk(), checkpoint.checkpointId())))
                .toList();
    }

    /**
     * How far the job's shared files may go.
     *
     * @param completed the job's COMPLETED checkpoints, newest first, as read before this decision
     */
    private static SharedFiles sharedFilesOf(Job job, List<CompletedCheckpoint> completed) {
        // While the job runs, a checkpoint still in flight may reuse files the newest completed one
        // still knew; only files last used before it may go. Its completion claims what it reuses.
        // Retention never lets the newest completed checkpoint go while the job runs. A newer
        // savepoint or RETAINED checkpoint would allow more, but only until the next completion:
        // waiting for it costs nothing, and this decision asks the catalog nothing more.
        long below = job.getState() == JobState.RUNNING
                ? completed.stream()
                        .mapToLong(CompletedCheckpoint::checkpointId)
                        .max()
                        .orElse(0L)
                : Long.MAX_VALUE;
        return new SharedFiles(job.getId(), job.getJobId(), job.getCheckpointRoot(), below);
    }

    /** Marks DISCARDING the shared files nothing kept uses any more, and returns them. */
    private List<Discard> releaseWithin(SharedFiles files) {
        List<SharedStateEntry> releasable = sharedState.findReleasable(files.jobPk(), files.below());
        if (!releasable.isEmpty()) {
            // With several replicas only the job's owner lets its files go.
            fence.check(files.jobPk());
        }
        List<Discard> discards = new ArrayList<>();
        for (SharedStateEntry entry : releasable) {
            entry.markDiscarding();
            discards.add(new Discard(
                    Discard.Kind.SHARED_STATE,
                    entry.getId(),
                    files.jobPk(),
                    files.jobId(),
                    files.root(),
                    entry.getStateKey(),
                    entry.getSizeBytes()));
        }
        return discards;
    }

    /**
     * A user asks to delete one checkpoint or savepoint.
     *
     * @throws CheckpointNotDeletable when it is pending, being restored, protected, or already gone
     */
    Discard requestDiscard(Job job, long checkpointId) {
        Checkpoint checkpoint = checkpoints
                .findByJobPkAndCheckpointId(job.getId(), checkpointId)
                .orElseThrow(() -> new CheckpointNotDeletable(job.getJobId(), checkpointId, "it does not exist"));
        if (checkpoint.getStatus() == CheckpointStatus.PENDING) {
            throw new CheckpointNotDeletable(job.getJobId(), checkpointId, "it is still in progress");
        }
        if (checkpoint.getStatus() == CheckpointStatus.DISCARDED) {
            throw new CheckpointNotDeletable(job.getJobId(), checkpointId, "it is already discarded");
        }
        if (checkpoint.getPinCount() > 0) {
            throw new CheckpointNotDeletable(job.getJobId(), checkpointId, "a restore is reading it");
        }
        if (checkpoint.isNeverDiscard()) {
            throw new CheckpointNotDeletable(
                    job.getJobId(), checkpointId, "a NO_CLAIM restore brought it in; Cairn never deletes it");
        }
        if (checkpoint.getKind() == CheckpointKind.SAVEPOINT
                && !storages.savepointRoot().contains(StorageRoot.parse(checkpoint.getExternalPath()))) {
            throw new CheckpointNotDeletable(
                    job.getJobId(),
                    checkpointId,
                    "it lies at "
                            + checkpoint.getExternalPath() + ", outside the savepoint root now configured ("
                            + storages.savepointRoot() + "); delete it with the file system's own tools");
        }
        return journal(job, checkpoint.getCheckpointId(), discardOf(job, checkpoint));
    }

    /** Every deletion journaled but not finished (after a crash, or still failing). */
    List<Discard> unfinished() {
        List<Discard> discards = new ArrayList<>();
        for (Checkpoint checkpoint : checkpoints.findByStatus(CheckpointStatus.DISCARDING)) {
            Job job = jobs.findById(checkpoint.getJobPk()).orElseThrow();
            discards.add(discardOf(job, checkpoint));
        }
        for (SharedStateEntry entry : sharedState.findByStatus(SharedStateEntry.Status.DISCARDING)) {
            Job job = jobs.findById(entry.getJobPk()).orElseThrow();
            discards.add(new Discard(
                    Discard.Kind.SHARED_STATE,
                    entry.getId(),
                    job.getId(),
                    job.getJobId(),
                    job.getCheckpointRoot(),
                    entry.getStateKey(),
                    entry.getSizeBytes()));
        }
        return discards;
    }

    /** Journals deletions whose files are gone, in one transaction however many there are. */
    void discarded(Collection<Discard> done) {
        List<Long> checkpointPks = done.stream()
                .filter(d -> d.kind() != Discard.Kind.SHARED_STATE)
                .map(Discard::pk)
                .toList();
        List<Long> sharedPks = done.stream()
                .filter(d -> d.kind() == Discard.Kind.SHARED_STATE)
                .map(Discard::pk)
                .toList();
        lifecycle.discarded(checkpointPks, clock.instant());
        sharedState.findAllById(sharedPks).forEach(entry -> entry.markDiscarded(clock.instant()));
    }

    /** Marks it DISCARDING and returns the deletion that follows. */
    private Discard journal(Job job, long checkpointId, Discard discard) {
        lifecycle.startDiscarding(job.getId(), discard.pk(), checkpointId);
        return discard;
    }

    private static Discard discardOf(Job job, Checkpoint checkpoint) {
        if (checkpoint.getKind() == CheckpointKind.SAVEPOINT) {
            StorageRoot directory = StorageRoot.parse(checkpoint.getExternalPath());
            return new Discard(
                    Discard.Kind.SAVEPOINT,
                    checkpoint.getId(),
                    job.getId(),
                    job.getJobId(),
                    directory.parent().toString(),
                    directory.name(),
                    0);
        }
        return checkpointDiscard(job, checkpoint.getId(), checkpoint.getCheckpointId());
    }

    /** A checkpoint's files are {@code chk-<id>} under its job's root. */
    private static Discard checkpointDiscard(Job job, long pk, long checkpointId) {
        return new Discard(
                Discard.Kind.CHECKPOINT,
                pk,
                job.getId(),
                job.getJobId(),
                job.getCheckpointRoot(),
                Long.toString(checkpointId),
                0);
    }
}
