package io.cairn.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a job's agents listen and when each was last seen, as every trigger asks: one plain query,
 * without entities or a transaction of its own. Loaded as entities through {@link AgentRegistry},
 * the 64 agents of a job were a fifth of a trigger's CPU (JFR, CheckpointBench), its read-only
 * commit included.
 */
@Component
public class AgentAddresses {

    private final JdbcTemplate jdbc;

    AgentAddresses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The job's agents, ordered by task and subtask. */
    public List<AgentAddress> of(long jobPk) {
        return jdbc.query(
                "SELECT task_id, subtask, url, batched, last_seen_at FROM agents WHERE job_pk = ?"
                        + " ORDER BY task_id, subtask",
                (row, index) -> new AgentAddress(
                        row.getString(1),
                        row.getInt(2),
                        row.getString(3),
                        row.getBoolean(4),
                        row.getObject(5, OffsetDateTime.class).toInstant()),
                jobPk);
    }

    /**
     * One registered agent: the subtask it serves, where it listens, whether it takes batched
     * calls there, and when it was last seen.
     */
    public record AgentAddress(String taskId, int subtask, String url, boolean batched, Instant lastSeenAt) {}
}
