package io.cairn.catalog;

import java.time.Instant;
import java.util.Collection;

import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.protocol.Alignment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place a checkpoint's status changes: PENDING, COMPLETED, FAILED, RETAINED, DISCARDING,
 * DISCARDED. Each transition is guarded, by the entity or, for those every checkpoint makes, by the
 * condition of its statement ({@link CheckpointRows}); this is the only caller of those guards
 * (they are package-private), so the condition on every write is here once: the {@link WriteFence} (with
 * several replicas, the job's lease epoch) is checked in the same transaction. Each change joins
 * the caller's transaction: the ledgers decide, this records. Marking a journaled deletion done is
 * not fenced: the decision was fenced when it was journaled.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class CheckpointLifecycle {

    private final CheckpointRepository checkpoints;
    private final CheckpointRows rows;
    private final CatalogSession session;
    private final WriteFence fence;

    CheckpointLifecycle(
            CheckpointRepository checkpoints, CheckpointRows rows, CatalogSession session, WriteFence fence) {
        this.checkpoints = checkpoints;
        this.rows = rows;
        this.session = session;
        this.fence = fence;
    }

    /**
     * A newly triggered checkpoint, PENDING until every one of {@code numSubtasks} acks.
     *
     * @return its row's primary key
     */
    public long recordPending(
            long jobPk,
            long checkpointId,
            CheckpointKind kind,
            Alignment alignment,
            String directory,
            int numSubtasks,
            boolean fullSnapshot,
            Instant triggeredAt) {
        fence.check(jobPk);
        return rows.insertPending(
                jobPk, checkpointId, kind, alignment, directory, numSubtasks, fullSnapshot, triggeredAt);
    }

    /**
     * Its {@code _metadata} is published: PENDING to COMPLETED, using the shared files given (their
     * entries written in this transaction already or before).
     *
     * @throws IllegalCheckpointTransition when it is no longer PENDING
     */
    public void complete(
            long jobPk,
            long rowId,
            long checkpointId,
            Instant triggeredAt,
            Instant at,
            CompletionStats stats,
            Collection<Long> sharedStatePks) {
        fence.check(jobPk);
        rows.complete(rowId, checkpointId, triggeredAt, at, stats);
        if (!sharedStatePks.isEmpty()) {
            // The references below point at entries Hibernate may not have written yet.
            session.flush();
            rows.addSharedRefs(rowId, sharedStatePks);
        }
    }

    /**
     * A valid {@code _metadata} was found on storage: COMPLETED, whatever the catalog last recorded,
     * with a row made for it if the catalog lost it.
     */
    public Checkpoint completeFromStorage(
            long jobPk,
            long checkpointId,
            CheckpointKind kind,
            Alignment alignment,
            String directory,
            int numSubtasks,
            Instant triggeredAt,
            Instant completedAt,
            CompletionStats stats) {
        fence.check(jobPk);
        Checkpoint checkpoint = checkpoints
                .findByJobPkAndCheckpointId(jobPk, checkpointId)
                .orElseGet(() -> checkpoints
                        .findById(rows.insertPending(
                                jobPk, checkpointId, kind, alignment, directory, numSubtasks, false, triggeredAt))
                        .orElseThrow());
        checkpoint.completedOnStorage(completedAt, stats);
        return checkpoint;
    }

    /** @return false when it was no longer pending, and nothing changed */
    public boolean fail(Checkpoint checkpoint, Instant at, FailureReason reason, String message, int acknowledged) {
        if (checkpoint.getStatus() != CheckpointStatus.PENDING) {
            return false;
        }
        fence.check(checkpoint.getJobPk());
        checkpoint.markFailed(at, reason, message, acknowledged);
        return true;
    }

    /** Kept after its job ended, until a user deletes it. */
    public void retain(Checkpoint checkpoint) {
        fence.check(checkpoint.getJobPk());
        checkpoint.markRetained();
    }

    /**
     * Its files are about to be deleted: the deletion journal's entry.
     *
     * @throws IllegalCheckpointTransition when it is pending, a restore reads it, or a NO_CLAIM
     *     restore brought it in
     */
    public void startDiscarding(long jobPk, long checkpointPk, long checkpointId) {
        fence.check(jobPk);
        rows.startDiscarding(checkpointPk, checkpointId);
    }

    /** Their files are gone; the rows stay as history. */
    public void discarded(Collection<Long> checkpointPks, Instant at) {
        rows.discarded(checkpointPks, at);
    }
}
