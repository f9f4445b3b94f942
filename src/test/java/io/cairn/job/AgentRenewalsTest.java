package io.cairn.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.cairn.testing.MutableClock;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewals answered from memory stay answered from memory while the catalog, checked in the
 * background, still has the agent of a running job, and go back through the registry once it
 * does not: a job ended or a subtask removed through another replica. An ack counts as a
 * renewal on the same terms.
 */
class AgentRenewalsTest {

    private static final String URL = "http://10.0.3.17:9250";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private JdbcTemplate catalog;
    private AgentRenewals renewals;

    @BeforeEach
    void catalog() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        catalog = new JdbcTemplate(dataSource);
        renewals = new AgentRenewals(catalog, clock);
    }

    @Test
    void theAgentOfARunningJobIsRenewedFromMemoryForAsLongAsTheCatalogStillHasIt() {
        agent(job(1, "running"), 11, "t", 0);

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(renewals.renewIfKnown("running", "t", 0, URL, false))
                    .as("renewal after %d s", 10 * (i + 1))
                    .isPresent();
            renewals.runOnce();
        }
        assertThat(lastSeen(11)).isEqualTo(clock.instant());
    }

    @Test
    void aRenewalChangingBatchingOrBatchingChangedThroughAnotherReplicaGoesThroughTheRegistry() {
        agent(job(1, "hosted"), 11, "t", 0);
        clock.advance(Duration.ofSeconds(10));
        assertThat(renewals.renewIfKnown("hosted", "t", 0, URL, true))
                .as("the agent asks to be batched now")
                .isEmpty();
        assertThat(renewals.renewIfKnown("hosted", "t", 0, URL, false)).isPresent();

        catalog.update("UPDATE agents SET batched = TRUE WHERE id = 11");
        clock.advance(AgentRenewals.RECHECK_AFTER);
        renewals.runOnce();

        assertThat(renewals.renewIfKnown("hosted", "t", 0, URL, false)).isEmpty();
    }

    @Test
    void theAgentOfAJobEndedThroughAnotherReplicaGoesBackThroughTheRegistry() {
        agent(job(1, "ended"), 11, "t", 0);
        clock.advance(Duration.ofSeconds(10));
        renewals.runOnce();
        assertThat(renewals.renewIfKnown("ended", "t", 0, URL, false)).isPresent();

        catalog.update("UPDATE jobs SET state = 'CANCELED' WHERE id = 1");
        clock.advance(AgentRenewals.RECHECK_AFTER);
        renewals.runOnce();

        assertThat(renewals.renewIfKnown("ended", "t", 0, URL, false)).isEmpty();
    }

    @Test
    void theAgentOfASubtaskRemovedThroughAnotherReplicaGoesBackThroughTheRegistry() {
        long job = job(1, "rescaled");
        agent(job, 11, "t", 0);
        agent(job, 12, "t", 1);

        catalog.update("DELETE FROM agents WHERE id = 12");
        clock.advance(AgentRenewals.RECHECK_AFTER.plusSeconds(1));
        renewals.runOnce();

        assertThat(renewals.renewIfKnown("rescaled", "t", 0, URL, false)).isPresent();
        assertThat(renewals.renewIfKnown("rescaled", "t", 1, URL, false)).isEmpty();
    }

    @Test
    void anAckOfAnAgentRegisteredHereCountsAsItsRenewalUntilTheCatalogNoLongerHasIt() {
        agent(job(1, "acking"), 11, "t", 0);
        clock.advance(Duration.ofSeconds(10));

        assertThat(renewals.renewedByAck("acking", "t", 0)).isTrue();
        renewals.runOnce();
        assertThat(lastSeen(11)).isEqualTo(clock.instant());

        catalog.update("DELETE FROM agents WHERE id = 11");
        clock.advance(AgentRenewals.RECHECK_AFTER);
        renewals.runOnce();
        assertThat(renewals.renewedByAck("acking", "t", 0)).isFalse();
    }

    @Test
    void acksASecondApartWriteTheLastSeenTimeNoMoreOftenThanRenewalsUsedTo() {
        agent(job(1, "fast"), 11, "t", 0);
        Instant firstAck = clock.instant().plusSeconds(1);
        for (int second = 1; second <= 10; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(renewals.renewedByAck("fast", "t", 0)).isTrue();
            renewals.runOnce();
        }
        assertThat(lastSeen(11)).isEqualTo(firstAck);

        clock.advance(Duration.ofSeconds(1));
        renewals.renewedByAck("fast", "t", 0);
        renewals.runOnce();
        assertThat(lastSeen(11)).isEqualTo(firstAck.plus(AgentRenewals.ACK_SIGHTINGS_WRITTEN_EVERY));
    }

    @Test
    void anAckOfAnAgentRegisteredThroughAnotherReplicaIsNoRenewalHere() {
        job(1, "elsewhere");

        assertThat(renewals.renewedByAck("elsewhere", "t", 0)).isFalse();
    }

    private long job(long pk, String jobId) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        catalog.update(
                "INSERT INTO jobs (id, job_id, name, state, checkpoint_root, mode, aligned_timeout_ms, timeout_ms,"
                        + " min_pause_ms, max_concurrent, tolerable_failures, retention, num_retained,"
                        + " next_checkpoint_id, consecutive_failures, next_checkpoint_full, created_at, updated_at,"
                        + " version) VALUES (?, ?, 'n', 'RUNNING', 'file:/tmp/c', 'ALIGNED', 0, 600000, 0, 1, 0,"
                        + " 'DELETE_ON_CANCELLATION', 1, 1, 0, FALSE, ?, ?, 0)",
                pk,
                jobId,
                now,
                now);
        return pk;
    }

    private void agent(long jobPk, long agentPk, String taskId, int subtask) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        catalog.update(
                "INSERT INTO agents (id, job_pk, task_id, subtask, url, registered_at, last_seen_at, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                agentPk,
                jobPk,
                taskId,
                subtask,
                URL,
                now,
                now);
        String jobId = catalog.queryForObject("SELECT job_id FROM jobs WHERE id = ?", String.class, jobPk);
        renewals.remember(
                jobId, URL, agentPk, new AgentView(taskId, subtask, URL, false, clock.instant(), clock.instant()));
    }

    private Instant lastSeen(long agentPk) {
        return catalog.queryForObject("SELECT last_seen_at FROM agents WHERE id = ?", OffsetDateTime.class, agentPk)
                .toInstant();
    }
}
