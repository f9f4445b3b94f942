package io.cairn.agent.sdk;

/**
 * Optional: hears that a checkpoint completed or was aborted, in order with snapshots. A task that
 * reuses shared state should reuse only what a completed checkpoint wrote. Notifications are best
 * effort; a task must stay correct when one never arrives (it then writes a little more).
 */
public interface CheckpointListener {

    void completed(long checkpointId);

    default void aborted(long checkpointId) {}
}
