package io.cairn.catalog;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each subtask reported when it acknowledged a checkpoint: written in one row with the
 * checkpoint's completion or failure, read for its statistics. Checkpoints recorded before that
 * row existed (catalog version 7) keep one {@link TaskSnapshot} row per subtask.
 */
@Component
public class AckStats {

    // Plain SQL, as the checkpoint row's own writes on this path (CheckpointRows).
    private static final String INSERT = "INSERT INTO ack_stats (checkpoint_pk, subtasks) VALUES (?, ?)";
    private static final AckStatsJson JSON = new AckStatsJson();

    private final AckStatsRepository rows;
    private final TaskSnapshotRepository legacyRows;
    private final JdbcTemplate jdbc;

    AckStats(AckStatsRepository rows, TaskSnapshotRepository legacyRows, JdbcTemplate jdbc) {
        this.rows = rows;
        this.legacyRows = legacyRows;
        this.jdbc = jdbc;
    }

    /** Within the caller's transaction; nothing is written for a checkpoint no subtask acknowledged. */
    public void record(long checkpointPk, List<TaskSnapshot.Stats> subtasks) {
        if (!subtasks.isEmpty()) {
            jdbc.update(INSERT, checkpointPk, JSON.convertToDatabaseColumn(subtasks));
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
