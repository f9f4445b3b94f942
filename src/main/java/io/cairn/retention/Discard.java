package io.cairn.retention;

/**
 * One deletion the catalog has journaled as DISCARDING: a checkpoint's directory, a savepoint's
 * directory, or one shared file.
 *
 * @param pk catalog row of the checkpoint or shared-state entry
 * @param root checkpoint root of the job, as recorded; for a savepoint, the directory holding it
 * @param target what to delete: the checkpoint id, the savepoint's directory name, or the key under
 *     {@code shared/}
 * @param bytes a shared file's size as the catalog recorded it; 0 for a directory, which is
 *     measured as it is deleted
 */
record Discard(Kind kind, long pk, long jobPk, String jobId, String root, String target, long bytes) {

    enum Kind {
        CHECKPOINT,
        SAVEPOINT,
        SHARED_STATE
    }

    String key() {
        return kind + ":" + pk;
    }
}
