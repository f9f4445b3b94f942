package io.cairn.job;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The task agent serving one subtask of a job, reachable at its URL, renewed by the agent itself. */
@Entity
@Table(name = "agents")
public class Agent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "agents_seq")
    @SequenceGenerator(name = "agents_seq", sequenceName = "agents_seq", allocationSize = 50)
    private Long id;

    @Column(name = "job_pk", nullable = false, updatable = false)
    private long jobPk;

    @Column(name = "task_id", nullable = false, updatable = false, length = 64)
    private String taskId;

    @Column(nullable = false, updatable = false)
    private int subtask;

    @Column(nullable = false, length = 2048)
    private String url;

    /** Serves several subtasks at its URL and takes batched calls (agent protocol, batched agents). */
    @Column(nullable = false)
    private boolean batched;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Version
    private long version;

    protected Agent() {}

    Agent(long jobPk, String taskId, int subtask, String url, boolean batched, Instant now) {
        this.jobPk = jobPk;
        this.taskId = taskId;
        this.subtask = subtask;
        this.url = url;
        this.batched = batched;
        this.registeredAt = now;
        this.lastSeenAt = now;
    }

    /**
     * The agent renewed; a changed URL (it restarted elsewhere) or a changed batching counts as a new
     * registration.
     */
    void renew(String newUrl, boolean nowBatched, Instant now) {
        if (!newUrl.equals(url) || nowBatched != batched) {
            url = newUrl;
            batched = nowBatched;
            registeredAt = now;
        }
        lastSeenAt = now;
    }

    public Long getId() {
        return id;
    }

    public long getJobPk() {
        return jobPk;
    }

    public String getTaskId() {
        return taskId;
    }

    public int getSubtask() {
        return subtask;
    }

    public String getUrl() {
        return url;
    }

    public boolean isBatched() {
        return batched;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public Instant getLastSeenAt() {
        return lastSeenAt;
    }
}
