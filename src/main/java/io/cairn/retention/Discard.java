package io.cairn.retention;

/**
 * One deletion the catalog has journaled as DISCARDING: a checkpoint's directory or one shared file.
 *
 * @param pk catalog row of the checkpoint or shared-state entry
 * @param root checkpoint root of the job, as recorded
 * @param target what to delete: the checkpoint id, or the key under {@code shared/}
 */
record Discard(Kind kind, long pk, long jobPk, String jobId, String root, String target) {

    enum Kind {
        CHECKPOINT,
        SHARED_STATE
    }

    String key() {
        return kind + ":" + pk;
    }
}
