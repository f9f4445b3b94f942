package io.cairn.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.protocol.Alignment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The two writes every checkpoint makes to its row, a PENDING insert and its completion, as plain
 * SQL in the caller's transaction: through Hibernate, loading, dirty-checking and flushing the row
 * cost more than the statements (a fifth of a replica's CPU at 5,000 agents). Each statement keeps
 * the entity's rules: the status guard is the update's condition, and the version moves on, so a
 * {@link Checkpoint} loaded before and changed after fails as it would against Hibernate's own
 * update. Every checkpoint row is inserted here, so Hibernate never draws on their sequence.
 */
@Component
class CheckpointRows {

    private static final String INSERT_PENDING = "INSERT INTO checkpoints (id, job_pk, checkpoint_id, kind,"
            + " requested_alignment, alignment, status, full_snapshot, external_path, triggered_at, num_subtasks,"
            + " num_acknowledged, state_size, checkpointed_size, in_flight_bytes, pin_count, never_discard, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, 0, 0, 0, 0, 0, FALSE, 0)";
    private static final String COMPLETE = "UPDATE checkpoints SET status = 'COMPLETED', completed_at = ?,"
            + " alignment = ?, num_acknowledged = ?, state_size = ?, checkpointed_size = ?, in_flight_bytes = ?,"
            + " metadata_bytes = ?, duration_ms = ?, version = version + 1 WHERE id = ? AND status = 'PENDING'";
    private static final String STATUS = "SELECT status FROM checkpoints WHERE id = ?";
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
            List<String> status = jdbc.queryForList(STATUS, String.class, id);
            if (status.isEmpty()) {
                throw new IllegalStateException("checkpoint " + checkpointId + " has no catalog row");
            }
            throw new IllegalCheckpointTransition(checkpointId, CheckpointStatus.valueOf(status.get(0)), "completed");
        }
    }

    /** The shared files a completed checkpoint uses; their entries must already be written. */
    void addSharedRefs(long id, Collection<Long> sharedStatePks) {
        jdbc.batchUpdate(
                ADD_SHARED_REF,
                sharedStatePks.stream().map(pk -> new Object[] {id, pk}).toList());
    }

    /** As the entities' instants are stored: a timestamp with time zone, in UTC. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
