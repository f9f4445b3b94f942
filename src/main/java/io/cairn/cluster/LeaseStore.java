package io.cairn.cluster;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The leases and the membership table, in SQL that H2 and PostgreSQL both run. Every decision on
 * time is the database's ({@code CURRENT_TIMESTAMP}): replicas' clocks may disagree, the catalog's
 * does not. A lease is taken by a conditional update, so two replicas can never both hold one.
 */
public class LeaseStore {

    /** Seconds from now, as the database counts them; {@code ?} is milliseconds. */
    private static final String NOW_PLUS = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    /** As long ago, as the database counts it; {@code ?} is milliseconds. */
    private static final String NOW_MINUS = "CURRENT_TIMESTAMP - CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";

    private static final String TAKE_JOB = "UPDATE job_leases SET"
            + " epoch = CASE WHEN owner = ? AND expires_at > CURRENT_TIMESTAMP THEN epoch ELSE epoch + 1 END,"
            + " owner = ?, expires_at = " + NOW_PLUS
            + " WHERE job_pk = ? AND (owner IS NULL OR owner = ? OR expires_at <= CURRENT_TIMESTAMP)";
    /**
     * How long taking a lease waits for its row's lock. A replica locks its lease row in every
     * fenced transaction; one frozen in such a transaction keeps the lock until the database ends
     * its session ({@link FrozenTransactionTimeout}). A take that waited that long would hold up the
     * taker's own renewals, so it gives up and is tried again at the next claim.
     */
    private static final int TAKE_WAITS_SECONDS = 1;

    private static final String TAKE_SINGLETON = "UPDATE singleton_leases SET owner = ?, expires_at = " + NOW_PLUS
            + " WHERE name = ? AND (owner IS NULL OR owner = ? OR expires_at <= CURRENT_TIMESTAMP)";

    private final JdbcTemplate jdbc;

    public LeaseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the replica alive now; the first heartbeat also records when it started. */
    public void heartbeat(String replicaId, String url) {
        int updated = jdbc.update(
                "UPDATE replicas SET url = ?, last_seen_at = CURRENT_TIMESTAMP WHERE replica_id = ?", url, replicaId);
        if (updated == 0) {
            try {
                jdbc.update(
                        "INSERT INTO replicas (replica_id, url, started_at, last_seen_at)"
                                + " VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                        replicaId,
                        url);
            } catch (DuplicateKeyException raced) {
                heartbeat(replicaId, url);
            }
        }
    }

    /** Replicas seen within the TTL, by id. */
    public List<String> liveReplicas(Duration ttl) {
        return jdbc.queryForList(
                "SELECT replica_id FROM replicas WHERE last_seen_at > " + NOW_MINUS + " ORDER BY replica_id",
                String.class,
                ttl.toMillis());
    }

    /**
     * Takes the job's lease, or renews it. Succeeds when nobody holds it, this replica holds it, or
     * the holder's lease has expired. The epoch stays on a renewal of a lease still running and
     * grows by one otherwise, so a former owner's epoch never matches again.
     *
     * @return the epoch this replica now holds, or empty when another replica holds a live lease
     */
    public OptionalLong take(long jobPk, String replicaId, Duration ttl) {
        // A renewal is one update; the row is made only the first time a job's lease is taken.
        int taken = takeJob(jobPk, replicaId, ttl);
        if (taken == 0
                && createdRow("job_leases", "job_pk", jobPk, "INSERT INTO job_leases (job_pk, epoch) VALUES (?, 0)")) {
            taken = takeJob(jobPk, replicaId, ttl);
        }
        if (taken == 0) {
            return OptionalLong.empty();
        }
        List<Long> epoch = jdbc.queryForList(
                "SELECT epoch FROM job_leases WHERE job_pk = ? AND owner = ?", Long.class, jobPk, replicaId);
        return epoch.isEmpty() ? OptionalLong.empty() : OptionalLong.of(epoch.get(0));
    }

    private int takeJob(long jobPk, String replicaId, Duration ttl) {
        return jdbc.update(connection -> {
            PreparedStatement take = connection.prepareStatement(TAKE_JOB);
            take.setQueryTimeout(TAKE_WAITS_SECONDS);
            take.setString(1, replicaId);
            take.setString(2, replicaId);
            take.setLong(3, ttl.toMillis());
            take.setLong(4, jobPk);
            take.setString(5, replicaId);
            return take;
        });
    }

    /**
     * Renews, in one statement, every lease this replica holds that has not expired, and returns
     * them with their epochs. A lease that expired is not renewed here: taking it again goes
     * through {@link #take}, which gives it a new epoch.
     */
    public Map<Long, Long> renewAll(String replicaId, Duration ttl) {
        // Rows locked in job order, as a retention decision covering several jobs locks their lease
        // rows through the fence: one UPDATE locking them in table order deadlocked with it.
        jdbc.update(
                "UPDATE job_leases SET expires_at = " + NOW_PLUS
                        + " WHERE job_pk IN (SELECT job_pk FROM job_leases WHERE owner = ?"
                        + " AND expires_at > CURRENT_TIMESTAMP ORDER BY job_pk FOR UPDATE)",
                ttl.toMillis(),
                replicaId);
        Map<Long, Long> held = new HashMap<>();
        jdbc.query(
                "SELECT job_pk, epoch FROM job_leases WHERE owner = ? AND expires_at > CURRENT_TIMESTAMP",
                row -> {
                    held.put(row.getLong(1), row.getLong(2));
                },
                replicaId);
        return held;
    }

    /** Running jobs whose lease nobody holds now (never taken, released, or lapsed). */
    public List<Long> takeableJobs() {
        return jdbc.queryForList(
                "SELECT j.id FROM jobs j LEFT JOIN job_leases l ON l.job_pk = j.id WHERE j.state = 'RUNNING'"
                        + " AND (l.owner IS NULL OR l.expires_at <= CURRENT_TIMESTAMP) ORDER BY j.id",
                Long.class);
    }

    /**
     * Gives up every lease this replica's id holds: a replica starting again under the same id
     * (a restarted container) takes its jobs afresh with new epochs, so nothing its previous
     * incarnation started can pass the fence.
     */
    public void releaseAll(String replicaId) {
        jdbc.update("UPDATE job_leases SET owner = NULL, expires_at = NULL WHERE owner = ?", replicaId);
    }

    /** The URL of the replica holding the job's live lease, unless that is this replica or nobody. */
    public Optional<String> ownerUrl(String jobId, String self) {
        List<String> urls = jdbc.queryForList(
                "SELECT r.url FROM job_leases l JOIN jobs j ON j.id = l.job_pk JOIN replicas r ON r.replica_id = l.owner"
                        + " WHERE j.job_id = ? AND l.owner <> ? AND l.expires_at > CURRENT_TIMESTAMP",
                String.class,
                jobId,
                self);
        return urls.stream().findFirst();
    }

    /**
     * Takes or renews a cluster-wide singleton's lease (work one replica does at a time).
     *
     * @return whether this replica holds it now
     */
    public boolean takeSingleton(String name, String replicaId, Duration ttl) {
        int taken = jdbc.update(TAKE_SINGLETON, replicaId, ttl.toMillis(), name, replicaId);
        if (taken == 0
                && createdRow("singleton_leases", "name", name, "INSERT INTO singleton_leases (name) VALUES (?)")) {
            taken = jdbc.update(TAKE_SINGLETON, replicaId, ttl.toMillis(), name, replicaId);
        }
        return taken == 1;
    }

    /** The replica holding the job's live lease. */
    public Optional<String> owner(long jobPk) {
        return jdbc
                .queryForList(
                        "SELECT owner FROM job_leases WHERE job_pk = ? AND owner IS NOT NULL"
                                + " AND expires_at > CURRENT_TIMESTAMP",
                        String.class,
                        jobPk)
                .stream()
                .findFirst();
    }

    /** The jobs that need a coordinator. */
    public List<Long> runningJobs() {
        return jdbc.queryForList("SELECT id FROM jobs WHERE state = 'RUNNING' ORDER BY id", Long.class);
    }

    /** Gives the lease up at once (a graceful stop, or a rebalance), so another replica need not wait. */
    public void release(long jobPk, String replicaId) {
        jdbc.update(
                "UPDATE job_leases SET owner = NULL, expires_at = NULL WHERE job_pk = ? AND owner = ?",
                jobPk,
                replicaId);
    }

    /**
     * The fence: true only while this replica holds the job's lease with this epoch and it has not
     * expired. Run inside the transaction of the write it guards: the update locks the lease row
     * until that transaction ends, so no takeover can slip in between the check and the commit.
     */
    public boolean holds(long jobPk, String replicaId, long epoch) {
        return jdbc.update(
                        "UPDATE job_leases SET epoch = epoch WHERE job_pk = ? AND owner = ? AND epoch = ?"
                                + " AND expires_at > CURRENT_TIMESTAMP",
                        jobPk,
                        replicaId,
                        epoch)
                == 1;
    }

    /**
     * Makes a lease's row when there is none yet.
     *
     * @return whether the row was missing (so taking the lease is worth a second try)
     */
    private boolean createdRow(String table, String key, Object value, String insert) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + key + " = ?", Integer.class, value) > 0) {
            return false;
        }
        try {
            jdbc.update(insert, value);
        } catch (DuplicateKeyException raced) {
            // Another replica made it first: the row is what we needed.
        }
        return true;
    }

    /** Every replica with whether it is live, and every held lease, as the database sees them now. */
    public ClusterView view(Duration ttl, boolean enabled, String self) {
        List<ClusterView.Lease> leases = jdbc.query(
                "SELECT j.job_id, l.owner, l.epoch, l.expires_at, l.expires_at > CURRENT_TIMESTAMP FROM job_leases l"
                        + " JOIN jobs j ON j.id = l.job_pk WHERE l.owner IS NOT NULL ORDER BY j.job_id",
                (row, i) -> new ClusterView.Lease(
                        row.getString(1),
                        row.getString(2),
                        row.getLong(3),
                        row.getTimestamp(4).toInstant(),
                        row.getBoolean(5)));
        List<ClusterView.Replica> replicas = jdbc.query(
                "SELECT replica_id, url, started_at, last_seen_at,"
                        + " last_seen_at > " + NOW_MINUS
                        + " FROM replicas ORDER BY replica_id",
                (row, i) -> {
                    String replica = row.getString(1);
                    return new ClusterView.Replica(
                            replica,
                            row.getString(2),
                            row.getTimestamp(3).toInstant(),
                            row.getTimestamp(4).toInstant(),
                            row.getBoolean(5),
                            leases.stream()
                                    .filter(lease ->
                                            lease.live() && lease.owner().equals(replica))
                                    .toList());
                },
                ttl.toMillis());
        return new ClusterView(enabled, self, replicas);
    }
}
