package io.cairn.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A registered job: its tasks, checkpointing configuration and lifecycle. A job runs until it
 * ends once, as CANCELED, FAILED or FINISHED; the methods below refuse any other move.
 */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "jobs_seq")
    @SequenceGenerator(name = "jobs_seq", sequenceName = "jobs_seq", allocationSize = 50)
    private Long id;

    @Column(name = "job_id", nullable = false, updatable = false, length = 64)
    private String jobId;

    @Column(nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobState state;

    @Column(name = "state_reason", length = 2000)
    private String stateReason;

    @Column(name = "checkpoint_root", nullable = false, updatable = false, length = 1024)
    private String checkpointRoot;

    @Embedded
    private CheckpointingConfig checkpointing;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "job_tasks", joinColumns = @JoinColumn(name = "job_pk"))
    @OrderColumn(name = "task_index")
    private List<JobTask> tasks = new ArrayList<>();

    @Column(name = "next_checkpoint_id", nullable = false)
    private long nextCheckpointId;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "next_checkpoint_full", nullable = false)
    private boolean nextCheckpointFull;

    @Column(name = "agent_secret", length = 128)
    private String agentSecret;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Version
    private long version;

    protected Job() {}

    Job(
            String jobId,
            String name,
            List<JobTask> tasks,
            CheckpointingSettings settings,
            String checkpointRoot,
            Instant now) {
        this.jobId = jobId;
        this.name = name;
        this.tasks = new ArrayList<>(tasks);
        this.checkpointing = CheckpointingConfig.from(settings);
        this.checkpointRoot = checkpointRoot;
        this.state = JobState.RUNNING;
        this.nextCheckpointId = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new shape for a rescale; only a running job changes. */
    void replaceTasks(List<JobTask> newTasks, Instant at) {
        requireRunning("rescaled");
        this.tasks.clear();
        this.tasks.addAll(newTasks);
        this.updatedAt = at;
    }

    /** A new agent secret: the old one stops working at once. */
    void issueAgentSecret(String secret, Instant at) {
        this.agentSecret = secret;
        this.updatedAt = at;
    }

    /** Null for a job registered before agent signing: its agents are refused until the secret is rotated. */
    public String getAgentSecret() {
        return agentSecret;
    }

    void cancel(Instant at) {
        end(JobState.CANCELED, "cancelled by a user", at);
    }

    void fail(String reason, Instant at) {
        end(JobState.FAILED, reason, at);
    }

    void finish(Instant at) {
        end(JobState.FINISHED, null, at);
    }

    private void end(JobState to, String reason, Instant at) {
        requireRunning(to.name().toLowerCase(Locale.ROOT));
        this.state = to;
        this.stateReason = reason;
        this.endedAt = at;
        this.updatedAt = at;
    }

    void changeCheckpointing(CheckpointingSettings settings, Instant at) {
        requireRunning("reconfigured");
        this.checkpointing = CheckpointingConfig.from(settings);
        this.updatedAt = at;
    }

    void requireRunning(String action) {
        if (state != JobState.RUNNING) {
            throw new JobNotRunning(jobId, state, action);
        }
    }

    /** True when {@code taskId} is one of this job's tasks and {@code subtask} lies within its parallelism. */
    boolean hasSubtask(String taskId, int subtask) {
        return task(taskId) != null && subtask >= 0 && subtask < task(taskId).parallelism();
    }

    JobTask task(String taskId) {
        return tasks.stream()
                .filter(task -> task.taskId().equals(taskId))
                .findFirst()
                .orElse(null);
    }

    /** Hands out the next checkpoint id; ids only increase. Call under a write lock on the row. */
    /** Moves the next id above one that exists elsewhere (found on storage or restored from). */
    void ensureNextCheckpointIdAbove(long checkpointId) {
        nextCheckpointId = Math.max(nextCheckpointId, checkpointId + 1);
    }

    /** A checkpoint failed for a reason that counts; returns the consecutive failures now. */
    int recordCheckpointFailure() {
        return ++consecutiveFailures;
    }

    /** Consecutive counted failures beyond the tolerable number make checkpointing unhealthy. */
    public boolean checkpointingHealthy() {
        return consecutiveFailures <= checkpointing.toSettings().tolerableFailures();
    }

    /** The next checkpoint must write all state anew (after a NO_CLAIM restore, or lost shared state). */
    void requireFullSnapshot() {
        nextCheckpointFull = true;
    }

    void fullSnapshotTaken() {
        nextCheckpointFull = false;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public boolean isNextCheckpointFull() {
        return nextCheckpointFull;
    }

    public boolean isRunning() {
        return state == JobState.RUNNING;
    }

    public int totalSubtasks() {
        return tasks.stream().mapToInt(JobTask::parallelism).sum();
    }

    public Long getId() {
        return id;
    }

    public String getJobId() {
        return jobId;
    }

    public String getName() {
        return name;
    }

    public JobState getState() {
        return state;
    }

    public String getStateReason() {
        return stateReason;
    }

    public String getCheckpointRoot() {
        return checkpointRoot;
    }

    public CheckpointingSettings getCheckpointing() {
        return checkpointing.toSettings();
    }

    public List<JobTask> getTasks() {
        return List.copyOf(tasks);
    }

    /**
     * Bumped by every change of the row, a checkpoint id's allocation included, except the reset of
     * the failure count on a completion (plain SQL; nothing a trigger reads).
     */
    public long getVersion() {
        return version;
    }

    public long getNextCheckpointId() {
        return nextCheckpointId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }
}
