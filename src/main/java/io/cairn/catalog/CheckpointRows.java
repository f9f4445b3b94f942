package io.cairn.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.protocol.Alignment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What every checkpoint does to its row, as plain SQL in the caller's transaction: its PENDING
 * insert, its completion, and retention's read and marks when a newer one subsumes it. Through
 * Hibernate, loading, dirty-checking and flushing the rows cost more than the statements (a
 * quarter of a replica's CPU at 5,000 agents). Each statement keeps the entity's rules: the status guard
 * is the update's condition, and the version moves on, so a {@link Checkpoint} loaded before and
 * changed after fails as it would against Hibernate's own update. Every checkpoint row is
 * inserted here, so Hibernate never draws on their sequence.
 */
@Component
public class CheckpointRows {

    private static final String INSERT_PENDING = "INSERT INTO checkpoints (id, job_pk, checkpoint_id, kind,"
            + " requested_alignment, alignment, status, full_snapshot, external_path, triggered_at, num_subtasks,"
            + " num_acknowledged, state_size, checkpointed_size, in_flight_bytes, pin_count, never_discard, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, 0, 0, 0, 0, 0, FALSE, 0)";
    private static final String COMPLETE = "UPDATE checkpoints SET status = 'COMPLETED', completed_at = ?,"
            + " alignment = ?, num_acknowledged = ?, state_size = ?, checkpointed_size = ?, in_flight_bytes = ?,"
            + " metadata_bytes = ?, duration_ms = ?, version = version + 1 WHERE id = ? AND status = 'PENDING'";
    private static final String STATUS = "SELECT status, checkpoint_id FROM checkpoints WHERE id = ?";
    // Equalities on (status, job_pk): H2 seeks ix_checkpoints_status to the job's few kept rows.
    private static final String COMPLETED_CHECKPOINTS = "SELECT id, checkpoint_id, pin_count, never_discard"
            + " FROM checkpoints WHERE status = 'COMPLETED' AND job_pk = ? AND kind = 'CHECKPOINT'"
            + " ORDER BY checkpoint_id DESC";
    private static final String START_DISCARDING = "UPDATE checkpoints SET status = 'DISCARDING',"
            + " version = version + 1 WHERE id = ? AND status IN ('COMPLETED', 'RETAINED', 'FAILED', 'DISCARDING')"
            + " AND pin_count = 0 AND NOT never_discard";
    private static final String DISCARDED = "UPDATE checkpoints SET status = 'DISCARDED', discarded_at = ?,"
            + " version = version + 1 WHERE id = ? AND status IN ('DISCARDING', 'DISCARDED')";
    private static final String ADD_SHARED_REF =
            "INSERT INTO checkpoint_shared_refs (checkpoint_pk, shared_state_pk) VALUES (?, ?)";

    private final JdbcTemplate jdbc;
    private final PooledIds ids;

    CheckpointRows(JdbcTemplate jdbc, DataSource catalog) {
        this.jdbc = jdbc;
        this.ids = PooledIds.of(catalog, "checkpoints_seq");
    }

    /** @return the new row's primary key */
    long insertPending(
            long jobPk,
            long checkpointId,
            CheckpointKind kind,
            Alignment alignment,
            String externalPath,
            int numSubtasks,
            boolean fullSnapshot,
            Instant triggeredAt) {
        Checkpoint.checkNewPending(checkpointId, numSubtasks);
        long id = ids.next();
        jdbc.update(
                INSERT_PENDING,
                id,
                jobPk,
                checkpointId,
                kind.name(),
                alignment.name(),
                alignment.name(),
                fullSnapshot,
                externalPath,
                utc(triggeredAt),
                numSubtasks);
        return id;
    }

    /**
     * PENDING to COMPLETED with the statistics fixed at completion.
     *
     * @throws IllegalCheckpointTransition when the row is not PENDING, and nothing changed
     */
    void complete(long id, long checkpointId, Instant triggeredAt, Instant at, CompletionStats stats) {
        int updated = jdbc.update(
                COMPLETE,
                utc(at),
                stats.alignment().name(),
                stats.numAcknowledged(),
                stats.stateSize(),
                stats.checkpointedSize(),
                stats.inFlightBytes(),
                stats.metadataBytes(),
                Duration.between(triggeredAt, at).toMillis(),
                id);
        if (updated != 1) {
            throw refusal(id, "completed").orElseThrow(() -> gone(checkpointId));
        }
    }

    /** The job's COMPLETED checkpoints (not savepoints), newest first. */
    public List<CompletedCheckpoint> completedCheckpoints(long jobPk) {
        return jdbc.query(
                COMPLETED_CHECKPOINTS,
                (row, i) ->
                        new CompletedCheckpoint(row.getLong(1), row.getLong(2), row.getInt(3) > 0, row.getBoolean(4)),
                jobPk);
    }

    /**
     * Its files are about to be deleted.
     *
     * @throws IllegalCheckpointTransition when it is pending or gone, a restore reads it, or a
     *     NO_CLAIM restore brought it in; nothing changed
     */
    void startDiscarding(long id, long checkpointId) {
        if (jdbc.update(START_DISCARDING, id) != 1) {
            throw refusal(id, "discarded (not while pending, read by a restore, or brought in by NO_CLAIM)")
                    .orElseThrow(() -> gone(checkpointId));
        }
    }

    /**
     * Their files are gone.
     *
     * @throws IllegalCheckpointTransition when one of them was not being discarded (a row that is gone is passed over)
     */
    void discarded(Collection<Long> ids, Instant at) {
        OffsetDateTime when = utc(at);
        List<Long> each = List.copyOf(ids);
        int[] updated = jdbc.batchUpdate(
                DISCARDED, each.stream().map(id -> new Object[] {when, id}).toList());
        for (int i = 0; i < updated.length; i++) {
            // A driver may answer "done, count unknown" for a batch: only a definite 0 is a refusal.
            if (updated[i] == 0) {
                Optional<IllegalCheckpointTransition> refusal = refusal(each.get(i), "marked discarded");
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
            }
        }
    }

    /** The shared files a completed checkpoint uses; their entries must already be written. */
    void addSharedRefs(long id, Collection<Long> sharedStatePks) {
        jdbc.batchUpdate(
                ADD_SHARED_REF,
                sharedStatePks.stream().map(pk -> new Object[] {id, pk}).toList());
    }

    /** Why a guarded update changed nothing; empty when the row is gone. */
    private Optional<IllegalCheckpointTransition> refusal(long id, String action) {
        return jdbc
                .query(
                        STATUS,
                        (row, i) -> new IllegalCheckpointTransition(
                                row.getLong(2), CheckpointStatus.valueOf(row.getString(1)), action),
                        id)
                .stream()
                .findFirst();
    }

    private static IllegalStateException gone(long checkpointId) {
        return new IllegalStateException("checkpoint " + checkpointId + " has no catalog row");
    }

    /** As the entities' instants are stored: a timestamp with time zone, in UTC. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
