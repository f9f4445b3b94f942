package io.cairn.agent.sdk;

/**
 * The task's side of a checkpoint: write the subtask's state through the context. Runs on the
 * agent's snapshot thread, one checkpoint at a time, in trigger order. Throwing declines the
 * checkpoint with the exception's message.
 */
@FunctionalInterface
public interface SnapshotTaker {

    void snapshot(SnapshotContext context) throws Exception;
}
