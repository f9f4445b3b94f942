package io.cairn.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.Alignment;

/**
 * The coordinator's memory of one job: its pending checkpoints by id, how recent ones ended (to
 * answer late and duplicate acks without the database), and when the last one completed (for
 * min-pause). Every access holds this object's monitor.
 */
final class JobCheckpoints {

    private static final int ENDED_MEMORY = 1_000;

    final long jobPk;
    final String jobId;
    private final NavigableMap<Long, PendingCheckpoint> pending = new TreeMap<>();
    private final Map<Long, AckOutcome> ended = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, AckOutcome> eldest) {
            return size() > ENDED_MEMORY;
        }
    };
    /** Periodic interval as last seen by the scheduler, for the interval gauge; null when off. */
    private volatile Duration interval;

    /** Fully acknowledged checkpoints whose completion has not ended yet. */
    private final Set<Long> finalizing = new HashSet<>();
    /**
     * Ended here but not recorded (a completion that published {@code _metadata} but could not
     * commit and the older ones it ended; a failure whose write was refused): PENDING in the
     * catalog until {@link LeftBehindCompletions} settles them.
     */
    private final Set<Long> leftBehind = new HashSet<>();

    private Instant lastCompletedAt;
    private long lastCompletedId;

    JobCheckpoints(long jobPk, String jobId) {
        this.jobPk = jobPk;
        this.jobId = jobId;
    }

    void interval(Duration periodic) {
        this.interval = periodic;
    }

    double intervalSeconds() {
        Duration periodic = interval;
        return periodic == null ? Double.NaN : periodic.toMillis() / 1000.0;
    }

    synchronized void add(PendingCheckpoint checkpoint) {
        pending.put(checkpoint.checkpointId, checkpoint);
    }

    synchronized PendingCheckpoint pending(long checkpointId) {
        return pending.get(checkpointId);
    }

    synchronized List<PendingCheckpoint> allPending() {
        return new ArrayList<>(pending.values());
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * What counts against max-concurrent: the pending checkpoints, those still being finalized
     * (Flink counts a checkpoint until it is finalized, so a trigger never overlaps the previous
     * checkpoint's {@code _metadata} write and commit), and those left behind PENDING in the
     * catalog, so it never shows more pending than max-concurrent allows.
     */
    synchronized int inFlightCount() {
        return pending.size() + finalizing.size() + leftBehind.size();
    }

    /**
     * These checkpoints ended here but stay PENDING in the catalog until {@link #settled}: a
     * completion that could not commit, with the older ones it ended, or a refused failure.
     */
    synchronized void leaveBehind(Collection<Long> checkpointIds) {
        leftBehind.addAll(checkpointIds);
    }

    /** Those left behind and not settled yet, for {@link LeftBehindCompletions}. */
    synchronized List<Long> leftBehind() {
        return List.copyOf(leftBehind);
    }

    synchronized void settled(Collection<Long> checkpointIds) {
        leftBehind.removeAll(checkpointIds);
    }

    /** Releases a fully acknowledged checkpoint for completion; it counts as in flight until {@link #finalized}. */
    synchronized Optional<PendingCheckpoint> startFinalizing(long checkpointId) {
        Optional<PendingCheckpoint> released = end(checkpointId, AckOutcome.DUPLICATE);
        released.ifPresent(checkpoint -> finalizing.add(checkpointId));
        return released;
    }

    /**
     * A completion that {@link #startFinalizing} released has ended, however it ended: committed
     * (before agents are told, so one that triggers on the notice is never refused), or failed.
     * Saying it twice is harmless.
     */
    synchronized void finalized(long checkpointId) {
        finalizing.remove(checkpointId);
    }

    synchronized boolean anyPendingUnaligned() {
        return pending.values().stream().anyMatch(checkpoint -> checkpoint.requestedAlignment == Alignment.UNALIGNED);
    }

    /**
     * Arms a pending checkpoint's expiry under this monitor, so {@link #end} always sees it; a
     * checkpoint that ended before its expiry was armed has it cancelled at once.
     */
    synchronized void armExpiry(PendingCheckpoint checkpoint, ScheduledFuture<?> expiry) {
        if (pending.get(checkpoint.checkpointId) == checkpoint) {
            checkpoint.expiry = expiry;
        } else {
            expiry.cancel(false);
        }
    }

    /** Removes a pending checkpoint if it is still pending; the caller that gets it ends it. */
    synchronized Optional<PendingCheckpoint> end(long checkpointId, AckOutcome answerLateAcksWith) {
        PendingCheckpoint removed = pending.remove(checkpointId);
        if (removed != null) {
            ended.put(checkpointId, answerLateAcksWith);
            if (removed.expiry != null) {
                removed.expiry.cancel(false);
            }
        }
        return Optional.ofNullable(removed);
    }

    /** Removes and returns the pending checkpoints older than a completing one: they are subsumed. */
    synchronized List<PendingCheckpoint> endOlderThan(long checkpointId) {
        // A savepoint is the user's and is never subsumed (Flink: PendingCheckpoint.canBeSubsumed).
        List<PendingCheckpoint> older = new ArrayList<>(pending.headMap(checkpointId, false).values().stream()
                .filter(checkpoint -> checkpoint.type.subsumes())
                .toList());
        older.forEach(checkpoint -> end(checkpoint.checkpointId, AckOutcome.DISCARDED));
        return older;
    }

    /** Changes how an ended checkpoint answers further acks (a completion that failed after all). */
    synchronized void endedAs(long checkpointId, AckOutcome answerLateAcksWith) {
        ended.put(checkpointId, answerLateAcksWith);
    }

    /** How an ended checkpoint answers further acks, if it ended recently. */
    synchronized Optional<AckOutcome> endedOutcome(long checkpointId) {
        return Optional.ofNullable(ended.get(checkpointId));
    }

    synchronized void completed(long checkpointId, Instant at) {
        if (checkpointId > lastCompletedId) {
            lastCompletedId = checkpointId;
            lastCompletedAt = at;
        }
    }

    synchronized Instant lastCompletedAt() {
        return lastCompletedAt;
    }

    synchronized long lastCompletedId() {
        return lastCompletedId;
    }
}
