package io.cairn.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.cairn.protocol.Alignment;

/**
 * A checkpoint or savepoint of one job, identified by its job and a per-job id that only
 * increases. Status changes go through {@link CheckpointLifecycle}: the ones every checkpoint makes
 * as guarded SQL ({@link CheckpointRows}), the rarer ones through the methods below, which refuse
 * an illegal move.
 */
@Entity
@Table(name = "checkpoints")
public class Checkpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "checkpoints_seq")
    @SequenceGenerator(name = "checkpoints_seq", sequenceName = "checkpoints_seq", allocationSize = 50)
    private Long id;

    @Column(name = "job_pk", nullable = false, updatable = false)
    private long jobPk;

    @Column(name = "checkpoint_id", nullable = false, updatable = false)
    private long checkpointId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private CheckpointKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "requested_alignment", nullable = false, updatable = false)
    private Alignment requestedAlignment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Alignment alignment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CheckpointStatus status;

    @Column(name = "full_snapshot", nullable = false)
    private boolean fullSnapshot;

    @Column(name = "external_path", nullable = false, length = 2048)
    private String externalPath;

    @Column(name = "triggered_at", nullable = false, updatable = false)
    private Instant triggeredAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "failed_at")
    private Instant failedAt;

    @Column(name = "discarded_at")
    private Instant discardedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason", length = 40)
    private FailureReason failureReason;

    @Column(name = "failure_message", length = 2000)
    private String failureMessage;

    @Column(name = "num_subtasks", nullable = false)
    private int numSubtasks;

    @Column(name = "num_acknowledged", nullable = false)
    private int numAcknowledged;

    @Column(name = "state_size", nullable = false)
    private long stateSize;

    @Column(name = "checkpointed_size", nullable = false)
    private long checkpointedSize;

    @Column(name = "in_flight_bytes", nullable = false)
    private long inFlightBytes;

    @Column(name = "duration_ms")
    private Long durationMs;

    @Column(name = "metadata_bytes")
    private Long metadataBytes;

    @Column(name = "pin_count", nullable = false)
    private int pinCount;

    @Column(name = "never_discard", nullable = false)
    private boolean neverDiscard;

    @ElementCollection
    @CollectionTable(name = "checkpoint_shared_refs", joinColumns = @JoinColumn(name = "checkpoint_pk"))
    @Column(name = "shared_state_pk")
    private Set<Long> sharedStateRefs = new HashSet<>();

    @Version
    private long version;

    protected Checkpoint() {}

    private Checkpoint(
            long jobPk,
            long checkpointId,
            CheckpointKind kind,
            Alignment alignment,
            String externalPath,
            int numSubtasks,
            boolean fullSnapshot,
            Instant triggeredAt) {
        this.jobPk = jobPk;
        this.checkpointId = checkpointId;
        this.kind = kind;
        this.requestedAlignment = alignment;
        this.alignment = alignment;
        this.externalPath = externalPath;
        this.numSubtasks = numSubtasks;
        this.fullSnapshot = fullSnapshot;
        this.triggeredAt = triggeredAt;
        this.status = CheckpointStatus.PENDING;
    }

    /** A newly triggered checkpoint, PENDING until every one of {@code numSubtasks} acks. */
    static Checkpoint pending(
            long jobPk,
            long checkpointId,
            CheckpointKind kind,
            Alignment alignment,
            String externalPath,
            int numSubtasks,
            boolean fullSnapshot,
            Instant triggeredAt) {
        checkNewPending(checkpointId, numSubtasks);
        return new Checkpoint(
                jobPk, checkpointId, kind, alignment, externalPath, numSubtasks, fullSnapshot, triggeredAt);
    }

    static void checkNewPending(long checkpointId, int numSubtasks) {
        if (checkpointId < 1 || numSubtasks < 1) {
            throw new IllegalArgumentException("checkpoint id and subtask count must be positive");
        }
    }

    /** Records the outcome of a completed checkpoint whose {@code _metadata} is published. */
    void markCompleted(Instant at, CompletionStats stats) {
        require(status == CheckpointStatus.PENDING, "completed");
        this.status = CheckpointStatus.COMPLETED;
        this.completedAt = at;
        this.alignment = stats.alignment();
        this.numAcknowledged = stats.numAcknowledged();
        this.stateSize = stats.stateSize();
        this.checkpointedSize = stats.checkpointedSize();
        this.inFlightBytes = stats.inFlightBytes();
        this.metadataBytes = stats.metadataBytes();
        this.durationMs = Duration.between(triggeredAt, at).toMillis();
    }

    /**
     * Storage is the ground truth: a checkpoint whose {@code _metadata} was found valid is complete,
     * whatever the catalog last recorded (it may have lost its last commits in a hard kill).
     */
    void completedOnStorage(Instant at, CompletionStats stats) {
        require(status == CheckpointStatus.PENDING || status == CheckpointStatus.FAILED, "registered from storage");
        this.status = CheckpointStatus.PENDING;
        this.failedAt = null;
        this.failureReason = null;
        this.failureMessage = null;
        markCompleted(at, stats);
    }

    /**
     * A pending checkpoint ends without completing, whatever the reason (one a newer checkpoint
     * overtook fails with {@link FailureReason#SUBSUMED}), keeping the count of acks it had.
     */
    void markFailed(Instant at, FailureReason reason, String message, int acknowledged) {
        require(status == CheckpointStatus.PENDING, "failed");
        this.status = CheckpointStatus.FAILED;
        this.numAcknowledged = acknowledged;
        this.failedAt = at;
        this.failureReason = reason;
        this.failureMessage = message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
        this.durationMs = Duration.between(triggeredAt, at).toMillis();
    }

    /** Kept after its job ended, until a user deletes it. */
    void markRetained() {
        require(status == CheckpointStatus.COMPLETED || status == CheckpointStatus.RETAINED, "retained");
        this.status = CheckpointStatus.RETAINED;
    }

    public void pin() {
        require(status.restorable(), "pinned for a restore");
        pinCount++;
    }

    public void unpin() {
        if (pinCount > 0) {
            pinCount--;
        }
    }

    public void protectFromDiscard() {
        this.neverDiscard = true;
    }

    public void addSharedStateRef(long sharedStatePk) {
        sharedStateRefs.add(sharedStatePk);
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalCheckpointTransition(checkpointId, status, action);
        }
    }

    /** Statistics fixed when a checkpoint completes. */
    public record CompletionStats(
            Alignment alignment,
            int numAcknowledged,
            long stateSize,
            long checkpointedSize,
            long inFlightBytes,
            long metadataBytes) {}

    public Long getId() {
        return id;
    }

    public long getJobPk() {
        return jobPk;
    }

    public long getCheckpointId() {
        return checkpointId;
    }

    public CheckpointKind getKind() {
        return kind;
    }

    public Alignment getRequestedAlignment() {
        return requestedAlignment;
    }

    public Alignment getAlignment() {
        return alignment;
    }

    public CheckpointStatus getStatus() {
        return status;
    }

    public boolean isFullSnapshot() {
        return fullSnapshot;
    }

    public String getExternalPath() {
        return externalPath;
    }

    public Instant getTriggeredAt() {
        return triggeredAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public Instant getFailedAt() {
        return failedAt;
    }

    public Instant getDiscardedAt() {
        return discardedAt;
    }

    public FailureReason getFailureReason() {
        return failureReason;
    }

    public String getFailureMessage() {
        return failureMessage;
    }

    public int getNumSubtasks() {
        return numSubtasks;
    }

    public int getNumAcknowledged() {
        return numAcknowledged;
    }

    public long getStateSize() {
        return stateSize;
    }

    public long getCheckpointedSize() {
        return checkpointedSize;
    }

    public long getInFlightBytes() {
        return inFlightBytes;
    }

    public Long getDurationMs() {
        return durationMs;
    }

    public Long getMetadataBytes() {
        return metadataBytes;
    }

    public int getPinCount() {
        return pinCount;
    }

    /** Retention may let it go: no restore reads it and no NO_CLAIM restore brought it in. */
    public boolean discardable() {
        return pinCount == 0 && !neverDiscard;
    }

    public boolean isNeverDiscard() {
        return neverDiscard;
    }

    public Set<Long> getSharedStateRefs() {
        return Set.copyOf(sharedStateRefs);
    }
}
