package io.cairn.flink;

import java.util.List;

/**
 * Exactly what deleting one retained Flink checkpoint removes, in order ({@code _metadata} first),
 * and what it keeps.
 *
 * @param files paths relative to the job's checkpoint directory, with their sizes
 * @param bytes their sum
 * @param keptReferenced files of the checkpoint another retained checkpoint references (shared SSTs)
 * @param keptElsewhere files it names outside its own {@code chk-N} and the job's {@code shared/}
 *     (another job's directory after a restore, {@code taskowned/}): never Cairn's to delete
 */
public record FlinkDeletionPlan(
        long checkpointId, List<PlannedFile> files, long bytes, int keptReferenced, int keptElsewhere) {

    public FlinkDeletionPlan {
        files = List.copyOf(files);
    }

    public record PlannedFile(String path, long bytes) {}
}
