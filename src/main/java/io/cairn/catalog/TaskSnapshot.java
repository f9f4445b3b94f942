package io.cairn.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** What one subtask reported when it acknowledged a checkpoint. Immutable once written. */
@Entity
@Table(name = "task_snapshots")
public class TaskSnapshot {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "task_snapshots_seq")
    @SequenceGenerator(name = "task_snapshots_seq", sequenceName = "task_snapshots_seq", allocationSize = 50)
    private Long id;

    @Column(name = "checkpoint_pk", nullable = false, updatable = false)
    private long checkpointPk;

    @Column(name = "task_id", nullable = false, updatable = false, length = 64)
    private String taskId;

    @Column(nullable = false, updatable = false)
    private int subtask;

    @Column(name = "acknowledged_at", nullable = false, updatable = false)
    private Instant acknowledgedAt;

    @Column(name = "state_size", nullable = false, updatable = false)
    private long stateSize;

    @Column(name = "checkpointed_size", nullable = false, updatable = false)
    private long checkpointedSize;

    @Column(name = "in_flight_bytes", nullable = false, updatable = false)
    private long inFlightBytes;

    @Column(name = "sync_ms", nullable = false, updatable = false)
    private long syncMs;

    @Column(name = "async_ms", nullable = false, updatable = false)
    private long asyncMs;

    @Column(name = "alignment_ms", nullable = false, updatable = false)
    private long alignmentMs;

    @Column(name = "start_delay_ms", nullable = false, updatable = false)
    private long startDelayMs;

    @Column(nullable = false, updatable = false)
    private boolean unaligned;

    @Column(updatable = false)
    private Long watermark;

    protected TaskSnapshot() {}

    public TaskSnapshot(long checkpointPk, Stats stats) {
        this.checkpointPk = checkpointPk;
        this.taskId = stats.taskId();
        this.subtask = stats.subtask();
        this.acknowledgedAt = stats.acknowledgedAt();
        this.stateSize = stats.stateSize();
        this.checkpointedSize = stats.checkpointedSize();
        this.inFlightBytes = stats.inFlightBytes();
        this.syncMs = stats.syncMs();
        this.asyncMs = stats.asyncMs();
        this.alignmentMs = stats.alignmentMs();
        this.startDelayMs = stats.startDelayMs();
        this.unaligned = stats.unaligned();
        this.watermark = stats.watermark();
    }

    /** The figures of one acknowledgement; {@code watermark} null when the task has none. */
    public record Stats(
            String taskId,
            int subtask,
            Instant acknowledgedAt,
            long stateSize,
            long checkpointedSize,
            long inFlightBytes,
            long syncMs,
            long asyncMs,
            long alignmentMs,
            long startDelayMs,
            boolean unaligned,
            Long watermark) {}

    public Stats stats() {
        return new Stats(
                taskId,
                subtask,
                acknowledgedAt,
                stateSize,
                checkpointedSize,
                inFlightBytes,
                syncMs,
                asyncMs,
                alignmentMs,
                startDelayMs,
                unaligned,
                watermark);
    }

    public Long getId() {
        return id;
    }

    public long getCheckpointPk() {
        return checkpointPk;
    }
}
