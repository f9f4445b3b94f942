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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One restore of a job: where from, how, and what each agent answered. */
@Entity
@Table(name = "restores")
public class Restore {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "restores_seq")
    @SequenceGenerator(name = "restores_seq", sequenceName = "restores_seq", allocationSize = 50)
    private Long id;

    @Column(name = "job_pk", nullable = false, updatable = false)
    private long jobPk;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_kind", nullable = false, updatable = false)
    private SourceKind sourceKind;

    @Column(name = "checkpoint_pk", updatable = false)
    private Long checkpointPk;

    @Column(name = "restored_checkpoint_id", updatable = false)
    private Long restoredCheckpointId;

    @Column(name = "metadata_path", nullable = false, updatable = false, length = 2048)
    private String metadataPath;

    @Enumerated(EnumType.STRING)
    @Column(name = "claim_mode", nullable = false, updatable = false)
    private ClaimMode claimMode;

    @Column(name = "allow_non_restored_state", nullable = false, updatable = false)
    private boolean allowNonRestoredState;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "requested_at", nullable = false, updatable = false)
    private Instant requestedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "failure_message", length = 2000)
    private String failureMessage;

    @ElementCollection
    @CollectionTable(name = "restore_agents", joinColumns = @JoinColumn(name = "restore_pk"))
    private List<AgentOutcome> agents = new ArrayList<>();

    @Version
    private long version;

    protected Restore() {}

    public Restore(
            long jobPk,
            SourceKind sourceKind,
            Long checkpointPk,
            Long restoredCheckpointId,
            String metadataPath,
            ClaimMode claimMode,
            boolean allowNonRestoredState,
            Instant requestedAt) {
        this.jobPk = jobPk;
        this.sourceKind = sourceKind;
        this.checkpointPk = checkpointPk;
        this.restoredCheckpointId = restoredCheckpointId;
        this.metadataPath = metadataPath;
        this.claimMode = claimMode;
        this.allowNonRestoredState = allowNonRestoredState;
        this.requestedAt = requestedAt;
        this.status = Status.IN_PROGRESS;
    }

    /** Held back until the job's agents are there (a new job resuming from a checkpoint). */
    public void awaitAgents() {
        if (status != Status.IN_PROGRESS || agents.stream().anyMatch(a -> a.outcome != AgentOutcome.Outcome.PENDING)) {
            throw new IllegalStateException("restore " + id + " is " + status + " and cannot wait for agents");
        }
        status = Status.AWAITING_AGENTS;
    }

    /** Every agent is there: the commands go out now. */
    public void agentsArrived() {
        if (status != Status.AWAITING_AGENTS) {
            throw new IllegalStateException("restore " + id + " is " + status + ", not awaiting agents");
        }
        status = Status.IN_PROGRESS;
    }

    /**
     * Ends a restore that cannot go on (its job ended, its files went while it waited, Cairn
     * stopped before every agent answered); agents that had not answered are recorded failed.
     */
    public void fail(String message, Instant at) {
        agents.replaceAll(agent -> agent.outcome == AgentOutcome.Outcome.PENDING
                ? new AgentOutcome(agent.taskId, agent.subtask, AgentOutcome.Outcome.FAILED, message, at)
                : agent);
        status = Status.FAILED;
        failureMessage = message;
        finishedAt = at;
    }

    /** Called off while it waits or runs: agents that had not answered are recorded failed. */
    public void cancel(String message, Instant at) {
        if (!RUNNING.contains(status)) {
            throw new IllegalStateException("restore " + id + " is " + status + " and cannot be cancelled");
        }
        fail(message, at);
        status = Status.CANCELLED;
    }

    public boolean isRunning() {
        return RUNNING.contains(status);
    }

    public void expectAgent(String taskId, int subtask) {
        agents.add(new AgentOutcome(taskId, subtask, AgentOutcome.Outcome.PENDING, null, null));
    }

    /** An agent's answer; one arriving after the restore ended (it was cancelled or failed) changes nothing. */
    public void recordAgent(String taskId, int subtask, boolean confirmed, String message, Instant at) {
        if (status != Status.IN_PROGRESS) {
            return;
        }
        agents.replaceAll(agent -> agent.taskId.equals(taskId) && agent.subtask == subtask
                ? new AgentOutcome(
                        taskId,
                        subtask,
                        confirmed ? AgentOutcome.Outcome.CONFIRMED : AgentOutcome.Outcome.FAILED,
                        message,
                        at)
                : agent);
        if (agents.stream().noneMatch(agent -> agent.outcome == AgentOutcome.Outcome.PENDING)) {
            boolean allConfirmed = agents.stream().allMatch(agent -> agent.outcome == AgentOutcome.Outcome.CONFIRMED);
            status = allConfirmed ? Status.SUCCEEDED : Status.FAILED;
            finishedAt = at;
        }
    }

    public enum SourceKind {
        LATEST,
        CHECKPOINT,
        PATH
    }

    public enum ClaimMode {
        NO_CLAIM,
        CLAIM
    }

    /** Restores whose agents have not all answered: the job takes no checkpoint meanwhile. */
    public static final List<Status> RUNNING = List.of(Status.AWAITING_AGENTS, Status.IN_PROGRESS);

    public enum Status {
        /** A job registered with {@code restoreFrom}: the commands go out once every subtask's agent registered. */
        AWAITING_AGENTS,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED,
        /** Called off by a user while it ran or waited; its checkpoint is released. */
        CANCELLED
    }

    /** What one agent answered to its restore command. */
    @Embeddable
    public static class AgentOutcome {

        @Column(name = "task_id", nullable = false, length = 64)
        private String taskId;

        @Column(nullable = false)
        private int subtask;

        @Enumerated(EnumType.STRING)
        @Column(nullable = false)
        private Outcome outcome;

        @Column(length = 2000)
        private String message;

        @Column(name = "answered_at")
        private Instant answeredAt;

        protected AgentOutcome() {}

        AgentOutcome(String taskId, int subtask, Outcome outcome, String message, Instant answeredAt) {
            this.taskId = taskId;
            this.subtask = subtask;
            this.outcome = outcome;
            this.message = message;
            this.answeredAt = answeredAt;
        }

        public String getTaskId() {
            return taskId;
        }

        public int getSubtask() {
            return subtask;
        }

        public Outcome getOutcome() {
            return outcome;
        }

        public String getMessage() {
            return message;
        }

        public Instant getAnsweredAt() {
            return answeredAt;
        }

        public enum Outcome {
            PENDING,
            CONFIRMED,
            FAILED
        }
    }

    public Long getId() {
        return id;
    }

    public long getJobPk() {
        return jobPk;
    }

    public SourceKind getSourceKind() {
        return sourceKind;
    }

    public Long getCheckpointPk() {
        return checkpointPk;
    }

    public Long getRestoredCheckpointId() {
        return restoredCheckpointId;
    }

    public String getMetadataPath() {
        return metadataPath;
    }

    public ClaimMode getClaimMode() {
        return claimMode;
    }

    public boolean isAllowNonRestoredState() {
        return allowNonRestoredState;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getFailureMessage() {
        return failureMessage;
    }

    public List<AgentOutcome> getAgents() {
        return List.copyOf(agents);
    }
}
