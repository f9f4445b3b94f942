package io.cairn.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A {@code chk-N} directory of an adopted Flink job, as Cairn found and read it. Flink wrote it;
 * Cairn only deletes it, and only after journaling exactly which files go.
 */
@Entity
@Table(name = "flink_checkpoints")
public class FlinkCheckpointEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "flink_checkpoints_seq")
    @SequenceGenerator(name = "flink_checkpoints_seq", sequenceName = "flink_checkpoints_seq", allocationSize = 50)
    private Long id;

    @Column(name = "flink_job_pk", nullable = false, updatable = false)
    private long flinkJobPk;

    @Column(name = "checkpoint_id", nullable = false, updatable = false)
    private long checkpointId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @Column(name = "external_path", length = 2048)
    private String externalPath;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(length = 2000)
    private String problem;

    @Column(name = "format_version")
    private Integer formatVersion;

    @Column(name = "metadata_bytes", nullable = false)
    private long metadataBytes;

    @Column(name = "exclusive_files", nullable = false)
    private int exclusiveFiles;

    @Column(name = "exclusive_bytes", nullable = false)
    private long exclusiveBytes;

    @Column(name = "shared_files", nullable = false)
    private int sharedFiles;

    @Column(name = "shared_bytes", nullable = false)
    private long sharedBytes;

    @Column(name = "inline_bytes", nullable = false)
    private long inlineBytes;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "triggered_at")
    private Instant triggeredAt;

    @Column(name = "duration_ms")
    private Long durationMs;

    @Column(name = "state_size")
    private Long stateSize;

    @Column(name = "checkpointed_size")
    private Long checkpointedSize;

    @Column(name = "persisted_data")
    private Long persistedData;

    @Column(name = "processed_data")
    private Long processedData;

    private Boolean unaligned;

    @Column(name = "num_subtasks")
    private Integer numSubtasks;

    @Column(name = "num_acknowledged")
    private Integer numAcknowledged;

    @Column(name = "failure_message", length = 2000)
    private String failureMessage;

    @Column(name = "discovered_at", nullable = false, updatable = false)
    private Instant discoveredAt;

    @Column(name = "discarded_at")
    private Instant discardedAt;

    @ElementCollection
    @CollectionTable(name = "flink_checkpoint_deletions", joinColumns = @JoinColumn(name = "checkpoint_pk"))
    @OrderColumn(name = "position")
    private List<FileToDelete> deletions = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "flink_task_statistics", joinColumns = @JoinColumn(name = "checkpoint_pk"))
    private List<TaskStatistics> tasks = new ArrayList<>();

    @Version
    private long version;

    protected FlinkCheckpointEntry() {}

    /**
     * A checkpoint or savepoint not yet seen on storage (VANISHED until a scan reads it).
     *
     * @param externalPath a savepoint's directory; null for a checkpoint, whose {@code chk-N} the job's layout names
     */
    public FlinkCheckpointEntry(
            long flinkJobPk, long checkpointId, Kind kind, String externalPath, Instant discoveredAt) {
        this.flinkJobPk = flinkJobPk;
        this.checkpointId = checkpointId;
        this.kind = kind;
        this.externalPath = externalPath;
        this.discoveredAt = discoveredAt;
        this.status = Status.VANISHED;
    }

    /** What Flink's own statistics say of it; they may come before or after a scan finds it. */
    public void followed(Statistics statistics) {
        this.triggeredAt = statistics.triggeredAt();
        this.durationMs = statistics.durationMs();
        this.stateSize = statistics.stateSize();
        this.checkpointedSize = statistics.checkpointedSize();
        this.persistedData = statistics.persistedData();
        this.processedData = statistics.processedData();
        this.unaligned = statistics.unaligned();
        this.numSubtasks = statistics.numSubtasks();
        this.numAcknowledged = statistics.numAcknowledged();
        this.failureMessage = statistics.failureMessage();
    }

    /** Flink's statistics per task, read once while Flink still remembers the checkpoint. */
    public void tasksFollowed(List<TaskStatistics> statistics) {
        this.tasks.clear();
        this.tasks.addAll(statistics);
    }

    public List<TaskStatistics> getTasks() {
        return List.copyOf(tasks);
    }

    /** Flink reports it failed: it never completed, and nothing of it is Cairn's to find. */
    public void failedInFlink() {
        if (status != Status.VANISHED || completedAt != null) {
            throw new IllegalStateException("checkpoint " + checkpointId + " is " + status + "; it cannot have failed");
        }
        this.status = Status.FAILED;
    }

    /** What its {@code _metadata} says, read (again) by a scan; only a checkpoint still on storage is read. */
    public void read(Figures figures) {
        requireOnStorage();
        this.status = Status.RETAINED;
        this.problem = null;
        this.formatVersion = figures.formatVersion();
        setFigures(figures);
    }

    /** Its {@code _metadata} is there but cannot be read: it is kept, never deleted, and says why. */
    public void unreadable(String why, Figures figures) {
        requireOnStorage();
        this.status = Status.UNREADABLE;
        this.problem = why;
        setFigures(figures);
    }

    /** Its {@code _metadata} went away without Cairn (Flink subsumed it, or someone deleted it). */
    public void vanished(Instant at) {
        requireOnStorage();
        this.status = Status.VANISHED;
        this.discardedAt = at;
    }

    /** Journals exactly the files the deletion removes, {@code _metadata} first, before any goes. */
    public void startDiscarding(List<FileToDelete> files) {
        if (status != Status.RETAINED) {
            throw new IllegalStateException("checkpoint " + checkpointId + " is " + status + ", not RETAINED");
        }
        this.status = Status.DISCARDING;
        this.deletions.clear();
        this.deletions.addAll(files);
    }

    public void discarded(Instant at) {
        if (status != Status.DISCARDING) {
            throw new IllegalStateException("checkpoint " + checkpointId + " is " + status + ", not DISCARDING");
        }
        this.status = Status.DISCARDED;
        this.discardedAt = at;
        this.deletions.clear(); // the journal has done its work
    }

    private void setFigures(Figures figures) {
        this.metadataBytes = figures.metadataBytes();
        this.exclusiveFiles = figures.exclusiveFiles();
        this.exclusiveBytes = figures.exclusiveBytes();
        this.sharedFiles = figures.sharedFiles();
        this.sharedBytes = figures.sharedBytes();
        this.inlineBytes = figures.inlineBytes();
        this.completedAt = figures.completedAt();
    }

    /** Only what a scan may still find: not a failed checkpoint, and not one Cairn deletes or deleted. */
    private void requireOnStorage() {
        if (status != Status.RETAINED && status != Status.UNREADABLE && status != Status.VANISHED) {
            throw new IllegalStateException("checkpoint " + checkpointId + " is " + status);
        }
    }

    /** Whether a scan may (still) find it on storage and read it. */
    public boolean mayBeFound() {
        return status == Status.RETAINED || status == Status.UNREADABLE || status == Status.VANISHED;
    }

    public boolean onStorage() {
        return status == Status.RETAINED || status == Status.UNREADABLE;
    }

    public Long getId() {
        return id;
    }

    public long getFlinkJobPk() {
        return flinkJobPk;
    }

    public long getCheckpointId() {
        return checkpointId;
    }

    public Kind getKind() {
        return kind;
    }

    /** A savepoint's directory; null for a checkpoint. */
    public String getExternalPath() {
        return externalPath;
    }

    /** Flink's statistics; all null when Cairn does not follow the job over REST. */
    public Statistics getStatistics() {
        return new Statistics(
                triggeredAt,
                durationMs,
                stateSize,
                checkpointedSize,
                persistedData,
                processedData,
                unaligned,
                numSubtasks,
                numAcknowledged,
                failureMessage);
    }

    public Status getStatus() {
        return status;
    }

    public String getProblem() {
        return problem;
    }

    public Integer getFormatVersion() {
        return formatVersion;
    }

    public Figures getFigures() {
        return new Figures(
                formatVersion == null ? 0 : formatVersion,
                metadataBytes,
                exclusiveFiles,
                exclusiveBytes,
                sharedFiles,
                sharedBytes,
                inlineBytes,
                completedAt);
    }

    public Instant getDiscoveredAt() {
        return discoveredAt;
    }

    public Instant getDiscardedAt() {
        return discardedAt;
    }

    public List<FileToDelete> getDeletions() {
        return List.copyOf(deletions);
    }

    public enum Status {
        /** Its {@code _metadata} was read: its files are known. */
        RETAINED,
        /** Its {@code _metadata} is there but corrupt or not supported; never deleted. */
        UNREADABLE,
        /** Being deleted by Cairn, exactly the journaled files. */
        DISCARDING,
        /** Deleted by Cairn. */
        DISCARDED,
        /** Not on storage, and not deleted by Cairn: subsumed by Flink, deleted by someone, or not seen yet. */
        VANISHED,
        /** Flink reports it failed. */
        FAILED
    }

    public enum Kind {
        CHECKPOINT,
        SAVEPOINT
    }

    /** Flink's statistics of one checkpoint (its REST API's {@code history}); sizes in bytes. */
    public record Statistics(
            Instant triggeredAt,
            Long durationMs,
            Long stateSize,
            Long checkpointedSize,
            Long persistedData,
            Long processedData,
            Boolean unaligned,
            Integer numSubtasks,
            Integer numAcknowledged,
            String failureMessage) {}

    /**
     * What a checkpoint's {@code _metadata} says it holds.
     *
     * @param exclusiveFiles files only it uses, in its own {@code chk-N}
     * @param sharedFiles files under the job's {@code shared/} it references, which others may too
     * @param completedAt when its {@code _metadata} was written
     */
    public record Figures(
            int formatVersion,
            long metadataBytes,
            int exclusiveFiles,
            long exclusiveBytes,
            int sharedFiles,
            long sharedBytes,
            long inlineBytes,
            Instant completedAt) {}

    /**
     * One task (Flink job vertex) of a checkpoint, as Flink reports it; durations in milliseconds,
     * the largest over its subtasks.
     */
    @Embeddable
    public static class TaskStatistics {

        @Column(name = "vertex_id", nullable = false, length = 64)
        private String vertexId;

        @Column(name = "state_size", nullable = false)
        private long stateSize;

        @Column(name = "checkpointed_size", nullable = false)
        private long checkpointedSize;

        @Column(name = "duration_ms", nullable = false)
        private long durationMs;

        @Column(name = "processed_data", nullable = false)
        private long processedData;

        @Column(name = "persisted_data", nullable = false)
        private long persistedData;

        @Column(name = "alignment_ms", nullable = false)
        private long alignmentMs;

        @Column(name = "sync_ms", nullable = false)
        private long syncMs;

        @Column(name = "async_ms", nullable = false)
        private long asyncMs;

        @Column(nullable = false)
        private boolean unaligned;

        @Column(name = "num_subtasks", nullable = false)
        private int numSubtasks;

        @Column(name = "num_acknowledged", nullable = false)
        private int numAcknowledged;

        protected TaskStatistics() {}

        public TaskStatistics(
                String vertexId,
                long stateSize,
                long checkpointedSize,
                long durationMs,
                long processedData,
                long persistedData,
                long alignmentMs,
                long syncMs,
                long asyncMs,
                boolean unaligned,
                int numSubtasks,
                int numAcknowledged) {
            this.vertexId = vertexId;
            this.stateSize = stateSize;
            this.checkpointedSize = checkpointedSize;
            this.durationMs = durationMs;
            this.processedData = processedData;
            this.persistedData = persistedData;
            this.alignmentMs = alignmentMs;
            this.syncMs = syncMs;
            this.asyncMs = asyncMs;
            this.unaligned = unaligned;
            this.numSubtasks = numSubtasks;
            this.numAcknowledged = numAcknowledged;
        }

        public String getVertexId() {
            return vertexId;
        }

        public long getStateSize() {
            return stateSize;
        }

        public long getCheckpointedSize() {
            return checkpointedSize;
        }

        public long getDurationMs() {
            return durationMs;
        }

        public long getProcessedData() {
            return processedData;
        }

        public long getPersistedData() {
            return persistedData;
        }

        public long getAlignmentMs() {
            return alignmentMs;
        }

        public long getSyncMs() {
            return syncMs;
        }

        public long getAsyncMs() {
            return asyncMs;
        }

        public boolean isUnaligned() {
            return unaligned;
        }

        public int getNumSubtasks() {
            return numSubtasks;
        }

        public int getNumAcknowledged() {
            return numAcknowledged;
        }
    }

    /** One file a deletion removes, relative to the job's checkpoint directory. */
    @Embeddable
    public static class FileToDelete {

        @Column(nullable = false, length = 2048)
        private String path;

        @Column(name = "size_bytes", nullable = false)
        private long sizeBytes;

        protected FileToDelete() {}

        public FileToDelete(String path, long sizeBytes) {
            this.path = path;
            this.sizeBytes = sizeBytes;
        }

        public String getPath() {
            return path;
        }

        public long getSizeBytes() {
            return sizeBytes;
        }
    }
}
