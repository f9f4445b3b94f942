package io.cairn.agent.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cairn.protocol.Alignment;
import io.cairn.protocol.StateHandleRef;
import io.cairn.protocol.TriggerCheckpoint;

/**
 * What a task gets for one checkpoint: what was asked, and where to put its state. Small state
 * (under the agent's inline threshold) travels inside the ack instead of becoming a file. File
 * names are namespaced by task and subtask, so subtasks never collide.
 */
public final class SnapshotContext {

    private final TriggerCheckpoint trigger;
    private final StateFiles files;
    private final int inlineThreshold;
    private final String prefix;
    private final long startNanos = System.nanoTime();
    private final List<StateHandleRef> handles = new ArrayList<>();
    private long syncDoneNanos;
    private long written;
    private Long watermark;
    private long alignmentMs;
    private boolean alignmentTimedOut;

    SnapshotContext(TriggerCheckpoint trigger, StateFiles files, int inlineThreshold) {
        this.trigger = trigger;
        this.files = files;
        this.inlineThreshold = inlineThreshold;
        this.prefix = trigger.taskId() + "-" + trigger.subtask() + "/";
    }

    public long checkpointId() {
        return trigger.checkpointId();
    }

    public Alignment requestedAlignment() {
        return trigger.alignment();
    }

    /** Zero: never switch to unaligned. */
    public Duration alignedTimeout() {
        return Duration.ofMillis(trigger.alignedTimeoutMs());
    }

    /** True when shared state of earlier checkpoints must not be reused (after a NO_CLAIM restore, or a savepoint). */
    public boolean fullSnapshotRequired() {
        return trigger.fullSnapshot() || trigger.savepoint();
    }

    /**
     * True for a savepoint: it belongs to the user and outlives the job, so its files must not
     * become the base of later incremental checkpoints.
     */
    public boolean isSavepoint() {
        return trigger.savepoint();
    }

    /** Writes state only this checkpoint uses: inline when small, else a file under {@code chk-N/}. */
    public StateHandleRef writeState(String name, byte[] bytes) {
        return add(store(name, bytes, false));
    }

    /** Writes records an unaligned barrier overtook; they are replayed on restore. */
    public StateHandleRef writeInFlight(String name, byte[] bytes) {
        return add(store(name, bytes, true));
    }

    /**
     * Writes a file under {@code shared/} that later checkpoints may reuse. In a savepoint it goes
     * under the savepoint's own directory instead, so the savepoint stays self-contained.
     */
    public StateHandleRef writeSharedState(String name, byte[] bytes) {
        if (trigger.savepoint()) {
            String path = prefix + name;
            long size = files.write(URI.create(trigger.exclusiveDir()), path, bytes);
            written += size;
            return add(new StateHandleRef(StateHandleRef.Location.EXCLUSIVE, path, size, null, false, false));
        }
        String key = prefix + name;
        long size = files.write(URI.create(trigger.sharedDir()), key, bytes);
        written += size;
        return add(new StateHandleRef(StateHandleRef.Location.SHARED, key, size, null, false, true));
    }

    /** References a shared file an earlier checkpoint wrote, without writing it again. */
    public StateHandleRef reuseSharedState(StateHandleRef earlier) {
        if (trigger.savepoint()) {
            throw new IllegalStateException("a savepoint is self-contained and cannot reuse " + earlier.path()
                    + "; check fullSnapshotRequired() before reusing");
        }
        if (earlier.location() != StateHandleRef.Location.SHARED) {
            throw new IllegalArgumentException("only shared state can be reused, not " + earlier.location());
        }
        return add(
                new StateHandleRef(StateHandleRef.Location.SHARED, earlier.path(), earlier.size(), null, false, false));
    }

    /** The subtask's current event-time watermark; restored before in-flight records are replayed. */
    public void watermark(long watermark) {
        this.watermark = watermark;
    }

    /**
     * How alignment went. A task that was asked to align and gave up after the aligned timeout
     * reports {@code timedOut}: the checkpoint is then recorded as unaligned.
     */
    public void alignment(Duration took, boolean timedOut) {
        this.alignmentMs = took.toMillis();
        this.alignmentTimedOut = timedOut;
    }

    /** Marks the end of the synchronous part (capturing state); what follows counts as asynchronous. */
    public void syncPhaseDone() {
        syncDoneNanos = System.nanoTime();
    }

    private StateHandleRef store(String name, byte[] bytes, boolean inFlight) {
        written += bytes.length;
        if (bytes.length < inlineThreshold) {
            return new StateHandleRef(
                    StateHandleRef.Location.INLINE, null, bytes.length, bytes.clone(), inFlight, false);
        }
        String path = prefix + name;
        long size = files.write(URI.create(trigger.exclusiveDir()), path, bytes);
        return new StateHandleRef(StateHandleRef.Location.EXCLUSIVE, path, size, null, inFlight, false);
    }

    private StateHandleRef add(StateHandleRef handle) {
        handles.add(handle);
        return handle;
    }

    List<StateHandleRef> handles() {
        return List.copyOf(handles);
    }

    long checkpointedBytes() {
        return written;
    }

    long startNanos() {
        return startNanos;
    }

    long syncDoneNanos() {
        return syncDoneNanos;
    }

    Long watermarkValue() {
        return watermark;
    }

    long alignmentMs() {
        return alignmentMs;
    }

    Alignment alignmentUsed() {
        return trigger.alignment() == Alignment.UNALIGNED || alignmentTimedOut
                ? Alignment.UNALIGNED
                : Alignment.ALIGNED;
    }
}
