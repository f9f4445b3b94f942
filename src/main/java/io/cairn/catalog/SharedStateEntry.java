package io.cairn.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A file under a job's {@code shared/}: which checkpoint created it and which last used it.
 * It may go only when no retained checkpoint references it and no NO_CLAIM restore brought it in.
 */
@Entity
@Table(name = "shared_state")
public class SharedStateEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "shared_state_seq")
    @SequenceGenerator(name = "shared_state_seq", sequenceName = "shared_state_seq", allocationSize = 50)
    private Long id;

    @Column(name = "job_pk", nullable = false, updatable = false)
    private long jobPk;

    @Column(name = "state_key", nullable = false, updatable = false, length = 1024)
    private String stateKey;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "created_by_checkpoint", nullable = false, updatable = false)
    private long createdByCheckpoint;

    @Column(name = "last_used_checkpoint", nullable = false)
    private long lastUsedCheckpoint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "never_discard", nullable = false)
    private boolean neverDiscard;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "discarded_at")
    private Instant discardedAt;

    @Version
    private long version;

    protected SharedStateEntry() {}

    public SharedStateEntry(long jobPk, String stateKey, long sizeBytes, long createdByCheckpoint, Instant createdAt) {
        this.jobPk = jobPk;
        this.stateKey = stateKey;
        this.sizeBytes = sizeBytes;
        this.createdByCheckpoint = createdByCheckpoint;
        this.lastUsedCheckpoint = createdByCheckpoint;
        this.createdAt = createdAt;
        this.status = Status.LIVE;
    }

    /** A later checkpoint references it again; the last user only moves forward. */
    public void usedBy(long checkpointId) {
        if (status != Status.LIVE) {
            throw new IllegalStateException("shared state " + stateKey + " is " + status + " and cannot be reused");
        }
        lastUsedCheckpoint = Math.max(lastUsedCheckpoint, checkpointId);
    }

    public void markDiscarding() {
        if (neverDiscard) {
            throw new IllegalStateException("shared state " + stateKey + " came from a NO_CLAIM restore");
        }
        status = Status.DISCARDING;
    }

    public void markDiscarded(Instant at) {
        status = Status.DISCARDED;
        discardedAt = at;
    }

    public void protectFromDiscard() {
        neverDiscard = true;
    }

    public enum Status {
        LIVE,
        DISCARDING,
        DISCARDED
    }

    public Long getId() {
        return id;
    }

    public long getJobPk() {
        return jobPk;
    }

    public String getStateKey() {
        return stateKey;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public long getCreatedByCheckpoint() {
        return createdByCheckpoint;
    }

    public long getLastUsedCheckpoint() {
        return lastUsedCheckpoint;
    }

    public Status getStatus() {
        return status;
    }

    public boolean isNeverDiscard() {
        return neverDiscard;
    }

    public Instant getDiscardedAt() {
        return discardedAt;
    }
}
