package io.cairn.catalog;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * What each subtask reported when it acknowledged a checkpoint: written in one row with the
 * checkpoint's completion or failure, read for its statistics. Checkpoints recorded before that
 * row existed (catalog version 7) keep one {@link TaskSnapshot} row per subtask.
 */
@Component
public class AckStats {

    private final AckStatsRepository rows;
    private final TaskSnapshotRepository legacyRows;

    AckStats(AckStatsRepository rows, TaskSnapshotRepository legacyRows) {
        this.rows = rows;
        this.legacyRows = legacyRows;
    }

    /** Within the caller's transaction; nothing is written for a checkpoint no subtask acknowledged. */
    public void record(long checkpointPk, List<TaskSnapshot.Stats> subtasks) {
        if (!subtasks.isEmpty()) {
            rows.save(new AckStatsRow(checkpointPk, subtasks));
        }
    }

    /** In the order they were recorded. */
    public List<TaskSnapshot.Stats> of(long checkpointPk) {
        return rows.findById(checkpointPk)
                .map(AckStatsRow::subtasks)
                .orElseGet(() -> legacyRows.findByCheckpointPk(checkpointPk).stream()
                        .map(TaskSnapshot::stats)
                        .toList());
    }
}
