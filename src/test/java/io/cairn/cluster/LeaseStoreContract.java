package io.cairn.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Leases and membership on a real catalog database, two replicas played by two ids: one owner at a
 * time, an epoch that grows whenever the lease changes hands or lapses, expiry by the database's
 * clock, and a fence a former owner never passes again.
 */
abstract class LeaseStoreContract {

    static final Duration TTL = Duration.ofMillis(800);

    LeaseStore leases;
    private JdbcTemplate jdbc;
    long job;

    private DataSource dataSource;

    /** A fresh, empty database of the kind under test. */
    protected abstract DataSource freshDataSource();

    /** This test's database. */
    DataSource dataSource() {
        return dataSource;
    }

    @BeforeEach
    void migratedCatalogWithOneJob() {
        dataSource = freshDataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        leases = new LeaseStore(jdbc);
        job = 7;
        jdbc.update("INSERT INTO jobs (id, job_id, name, state, checkpoint_root, mode, aligned_timeout_ms, timeout_ms,"
                + " min_pause_ms, max_concurrent, tolerable_failures, retention, num_retained, next_checkpoint_id,"
                + " consecutive_failures, next_checkpoint_full, created_at, updated_at, version) VALUES (7, 'orders',"
                + " 'orders', 'RUNNING', 'file:/srv', 'ALIGNED', 0, 600000, 0, 1, 0, 'RETAIN_ON_CANCELLATION', 1, 1,"
                + " 0, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
    }

    @Test
    void oneOwnerAtATimeAndARenewalKeepsTheEpoch() {
        assertThat(leases.take(job, "a", TTL)).hasValue(1);
        assertThat(leases.take(job, "b", TTL)).isEmpty();
        assertThat(leases.take(job, "a", TTL)).hasValue(1);
        assertThat(leases.holds(job, "a", 1)).isTrue();
        assertThat(leases.holds(job, "b", 1)).isFalse();
    }

    @Test
    void anExpiredLeaseIsTakenWithAHigherEpochAndTheFormerOwnerIsFencedForGood() {
        assertThat(leases.take(job, "a", TTL)).hasValue(1);

        // a stops renewing; once the database's clock passes its expiry, b takes over.
        OptionalLong taken =
                await().atMost(Duration.ofSeconds(10)).until(() -> leases.take(job, "b", TTL), OptionalLong::isPresent);

        assertThat(taken).hasValue(2);
        assertThat(leases.holds(job, "a", 1)).isFalse();
        assertThat(leases.take(job, "a", TTL)).isEmpty();
        assertThat(leases.holds(job, "b", 2)).isTrue();
        // Even if a's lease came back to it, its old epoch would not pass the fence.
        leases.release(job, "b");
        assertThat(leases.take(job, "a", TTL)).hasValue(3);
        assertThat(leases.holds(job, "a", 1)).isFalse();
        assertThat(leases.holds(job, "a", 3)).isTrue();
    }

    @Test
    void aLeaseThatLapsedUnderItsOwnerComesBackWithANewEpoch() {
        assertThat(leases.take(job, "a", Duration.ofMillis(1))).hasValue(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !leases.holds(job, "a", 1));

        assertThat(leases.take(job, "a", TTL)).hasValue(2);
    }

    @Test
    void aSingletonRunsOnOneReplicaAtATimeAndMovesWhenItsLeaseLapses() {
        assertThat(leases.takeSingleton("orphan-sweep", "a", TTL)).isTrue();
        assertThat(leases.takeSingleton("orphan-sweep", "b", TTL)).isFalse();
        assertThat(leases.takeSingleton("orphan-sweep", "a", TTL)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> leases.takeSingleton("orphan-sweep", "b", TTL));
        assertThat(leases.takeSingleton("orphan-sweep", "a", TTL)).isFalse();
    }

    @Test
    void aReplicaIsLiveWhileItHeartbeatsWithinTheTtl() {
        leases.heartbeat("a", "http://10.0.0.1:8080");
        leases.heartbeat("b", "http://10.0.0.2:8080");
        assertThat(leases.liveReplicas(TTL)).containsExactly("a", "b");

        // Only b keeps beating: a drops out once the database's clock passes the TTL.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            leases.heartbeat("b", "http://10.0.0.2:8080");
            return leases.liveReplicas(TTL).equals(java.util.List.of("b"));
        });
        assertThat(jdbc.queryForObject("SELECT url FROM replicas WHERE replica_id = 'b'", String.class))
                .isEqualTo("http://10.0.0.2:8080");
    }

    @Test
    void oneStatementRenewsEveryLiveLeaseAndALapsedOneIsTakeableAgain() {
        assertThat(leases.takeableJobs()).containsExactly(job);
        assertThat(leases.take(job, "a", TTL)).hasValue(1);
        assertThat(leases.takeableJobs()).isEmpty();

        // Renewing every TTL/4 keeps a's lease (and its epoch) well past the first TTL.
        long renewUntil = System.nanoTime() + TTL.multipliedBy(3).toNanos();
        while (System.nanoTime() < renewUntil) {
            assertThat(leases.renewAll("a", TTL)).containsExactly(java.util.Map.entry(job, 1L));
            LockSupport.parkNanos(TTL.dividedBy(4).toNanos());
        }
        assertThat(leases.renewAll("b", TTL)).isEmpty();

        // Unrenewed, it lapses: renewAll no longer returns it, and it is takeable with a new epoch.
        await().atMost(Duration.ofSeconds(10)).until(() -> leases.takeableJobs().contains(job));
        assertThat(leases.renewAll("a", TTL)).isEmpty();
        assertThat(leases.take(job, "b", TTL)).hasValue(2);
    }

    /**
     * A replica frozen inside a fenced transaction keeps its lease row locked after its lease
     * lapsed. Another replica's take does not wait on that lock for good: it gives up (and is
     * tried again later), so the taker's own renewals go on.
     */
    @Test
    void aTakeGivesUpOnALeaseRowLockedByItsFormerHoldersOpenTransaction() throws Exception {
        assertThat(leases.take(job, "a", TTL)).hasValue(1);
        try (Connection frozen = dataSource().getConnection()) {
            assertThat(fenceLeftOpen(frozen, "a", 1)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> leases.owner(job).isEmpty());

            assertTimeoutPreemptively(
                    Duration.ofSeconds(30),
                    () -> assertThatThrownBy(() -> leases.take(job, "b", TTL))
                            .isInstanceOf(TransientDataAccessException.class));
            frozen.rollback();
        }
        assertThat(leases.take(job, "b", TTL)).hasValue(2);
    }

    /** Passes the fence in a transaction that stays open, as a replica frozen before its commit. */
    boolean fenceLeftOpen(Connection connection, String replica, long epoch) throws SQLException {
        connection.setAutoCommit(false);
        return new LeaseStore(new JdbcTemplate(new SingleConnectionDataSource(connection, true)))
                .holds(job, replica, epoch);
    }

    @Test
    void aRestartedReplicaGivesUpWhatItsIdHeld() {
        assertThat(leases.take(job, "a", TTL)).hasValue(1);

        leases.releaseAll("a");

        assertThat(leases.takeableJobs()).containsExactly(job);
        assertThat(leases.take(job, "a", TTL)).hasValue(2);
    }
}
