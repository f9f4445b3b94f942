package io.cairn.testing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * What replicas sharing one PostgreSQL catalog have recorded, read straight from its tables: who
 * holds which job's live lease, and each job's newest completed checkpoint.
 */
public final class ClusterCatalog {

    private final JdbcTemplate jdbc;

    /** @param database a PostgreSQL JDBC URL, user {@code postgres} (as {@link SharedPostgres} makes them) */
    public ClusterCatalog(String database) {
        this.jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), database));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Job id to the replica holding its live lease. */
    public Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        jdbc.query(
                "SELECT j.job_id, l.owner FROM job_leases l JOIN jobs j ON j.id = l.job_pk"
                        + " WHERE l.owner IS NOT NULL AND l.expires_at > CURRENT_TIMESTAMP",
                row -> {
                    owners.put(row.getString(1), row.getString(2));
                });
        return owners;
    }

    /** Live leases per replica. */
    public Map<String, Integer> ownedBy() {
        Map<String, Integer> owned = new HashMap<>();
        owners().values().forEach(owner -> owned.merge(owner, 1, Integer::sum));
        return owned;
    }

    /**
     * Every job's newest checkpoint that completed (kept or since subsumed), 0 for a job with none
     * yet.
     */
    public Map<String, Long> latestCompleted() {
        Map<String, Long> latest = new HashMap<>();
        jdbc.query(
                "SELECT j.job_id, MAX(c.checkpoint_id) FROM jobs j LEFT JOIN checkpoints c ON c.job_pk = j.id"
                        + " AND c.status IN ('COMPLETED', 'RETAINED', 'DISCARDING', 'DISCARDED') GROUP BY j.job_id",
                row -> {
                    latest.put(row.getString(1), row.getLong(2));
                });
        return latest;
    }
}
