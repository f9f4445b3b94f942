package io.cairn.agent.sdk;

/**
 * The task's side of a restore: load the state the context names before processing, and emit the
 * restored watermark before replaying in-flight records. Throwing reports the restore failed.
 */
@FunctionalInterface
public interface RestoreHandler {

    void restore(RestoreContext context) throws Exception;
}
