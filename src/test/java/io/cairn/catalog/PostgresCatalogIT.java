package io.cairn.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.job.AgentAddresses;
import io.cairn.job.AgentAddresses.AgentAddress;
import io.cairn.job.Job;
import io.cairn.job.JobFinder;
import io.cairn.protocol.Alignment;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.SharedPostgres;
import io.cairn.testing.TestAuth;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * The catalog on a real PostgreSQL server with the postgres profile: Flyway migrates an empty
 * database, Hibernate validates the schema against the entities, and every entity makes a round trip.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresCatalogIT {

    @org.junit.jupiter.api.BeforeEach
    void resetRestAssured() {
        // Other test classes set RestAssured's static base path; this one gives full paths.
        io.restassured.RestAssured.reset();
        TestAuth.adminByDefault();
    }

    @LocalServerPort
    int port;

    @Autowired
    JobFinder jobs;

    @Autowired
    CheckpointRepository checkpoints;

    @Autowired
    TaskSnapshotRepository snapshots;

    @Autowired
    AckStats ackStats;

    @Autowired
    SharedStateRepository sharedState;

    @Autowired
    RestoreRepository restores;

    @Autowired
    AgentAddresses agentAddresses;

    @Autowired
    CheckpointLifecycle lifecycle;

    @Autowired
    CheckpointRows rows;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "postgres-catalog");
        SharedPostgres.registerFreshDatabase(registry);
    }

    @Test
    void flywayMigratedThePostgresDatabase() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                .isPositive();
    }

    @Test
    void aJobRegisteredThroughTheApiIsStoredInPostgres() {
        registerJob("pg-job");

        given().port(port).get("/api/v1/jobs/pg-job").then().statusCode(200).body("tasks[1].parallelism", equalTo(4));
        assertThat(jdbc.queryForObject(
                        "select count(*) from job_tasks jt join jobs j on j.id = jt.job_pk "
                                + "where j.job_id = 'pg-job'",
                        Integer.class))
                .isEqualTo(2);
    }

    @Test
    void checkpointsWithStatisticsSharedStateAndRestoresMakeARoundTrip() {
        Job job = registerJob("pg-roundtrip");
        Instant triggered = Instant.parse("2026-11-26T10:00:00.123456Z");

        SharedStateEntry shared = sharedState.save(new SharedStateEntry(job.getId(), "sst-000001", 4096, 1, triggered));
        Checkpoint checkpoint = Checkpoint.pending(
                job.getId(),
                1,
                CheckpointKind.CHECKPOINT,
                Alignment.ALIGNED,
                "file:/data/pg-roundtrip/chk-1",
                6,
                true,
                triggered);
        checkpoint.addSharedStateRef(shared.getId());
        checkpoint.markCompleted(
                triggered.plusMillis(250), new CompletionStats(Alignment.UNALIGNED, 6, 10_000, 4_000, 512, 900));
        checkpoint = checkpoints.save(checkpoint);
        TaskSnapshot.Stats acked = new TaskSnapshot.Stats(
                "count", 3, triggered.plusMillis(200), 2_000, 1_000, 128, 3, 40, 12, 5, true, 1_700_000_000_000L);
        TaskSnapshot.Stats noWatermark = new TaskSnapshot.Stats(
                "count", 4, triggered.plusNanos(201_123_000), 2_001, 1_001, 0, 4, 41, 0, 6, false, null);
        ackStats.record(checkpoint.getId(), List.of(acked, noWatermark));
        // Recorded before catalog version 7: one task_snapshots row per subtask, still read.
        Checkpoint legacy = Checkpoint.pending(
                job.getId(),
                2,
                CheckpointKind.CHECKPOINT,
                Alignment.ALIGNED,
                "file:/data/pg-roundtrip/chk-2",
                1,
                true,
                triggered.plusSeconds(10));
        legacy.markCompleted(triggered.plusSeconds(11), new CompletionStats(Alignment.ALIGNED, 1, 1, 1, 0, 1));
        snapshots.save(new TaskSnapshot(checkpoints.save(legacy).getId(), acked));
        Restore restore = new Restore(
                job.getId(),
                Restore.SourceKind.CHECKPOINT,
                checkpoint.getId(),
                1L,
                "file:/data/pg-roundtrip/chk-1/_metadata",
                Restore.ClaimMode.NO_CLAIM,
                false,
                triggered.plusSeconds(60));
        restore.expectAgent("count", 3);
        restore = restores.save(restore);

        long sharedPk = shared.getId();
        long checkpointPk = checkpoint.getId();
        tx.executeWithoutResult(status -> assertRoundTrip(job, triggered, sharedPk, checkpointPk));
        assertThat(restore.getStatus()).isEqualTo(Restore.Status.IN_PROGRESS);
    }

    private void assertRoundTrip(Job job, Instant triggered, long sharedPk, long checkpointPk) {
        Checkpoint read = checkpoints.findByJobPkAndCheckpointId(job.getId(), 1).orElseThrow();
        assertThat(read.getStatus()).isEqualTo(CheckpointStatus.COMPLETED);
        assertThat(read.getAlignment()).isEqualTo(Alignment.UNALIGNED);
        assertThat(read.getRequestedAlignment()).isEqualTo(Alignment.ALIGNED);
        assertThat(read.getDurationMs()).isEqualTo(250);
        assertThat(read.getTriggeredAt()).isEqualTo(triggered);
        assertThat(read.getSharedStateRefs()).containsExactly(sharedPk);
        assertThat(ackStats.of(checkpointPk))
                .containsExactly(
                        new TaskSnapshot.Stats(
                                "count",
                                3,
                                triggered.plusMillis(200),
                                2_000,
                                1_000,
                                128,
                                3,
                                40,
                                12,
                                5,
                                true,
                                1_700_000_000_000L),
                        new TaskSnapshot.Stats(
                                "count",
                                4,
                                triggered.plusNanos(201_123_000),
                                2_001,
                                1_001,
                                0,
                                4,
                                41,
                                0,
                                6,
                                false,
                                null));
        long legacyPk = checkpoints
                .findByJobPkAndCheckpointId(job.getId(), 2)
                .orElseThrow()
                .getId();
        assertThat(ackStats.of(legacyPk))
                .singleElement()
                .satisfies(stats -> assertThat(stats.watermark()).isEqualTo(1_700_000_000_000L));
        assertThat(sharedState
                        .findByJobPkAndStateKey(job.getId(), "sst-000001")
                        .orElseThrow()
                        .getLastUsedCheckpoint())
                .isEqualTo(1);
        assertThat(restores.findByJobPkOrderByRequestedAtDesc(job.getId(), PageRequest.of(0, 10))
                        .getContent())
                .singleElement()
                .satisfies(r -> assertThat(r.getAgents())
                        .extracting(Restore.AgentOutcome::getOutcome)
                        .containsExactly(Restore.AgentOutcome.Outcome.PENDING));
    }

    @Test
    void checkpointRowsWrittenWithPlainSqlKeepTheEntitysRulesAndShareItsSequence() {
        Job job = registerJob("pg-plain-rows");
        Instant triggered = Instant.parse("2026-12-02T10:00:00.123456Z");
        // The coordinator's rows (plain SQL) and Hibernate's draw keys from one sequence, interleaved
        // for more than a block of keys, so each side fetches a block while the other is using one.
        int each = PooledIds.BLOCK + 10;
        List<Long> ids = tx.execute(status -> {
            List<Long> made = new java.util.ArrayList<>();
            for (int id = 1; id <= each; id++) {
                made.add(lifecycle.recordPending(
                        job.getId(),
                        id,
                        CheckpointKind.CHECKPOINT,
                        Alignment.ALIGNED,
                        "file:/p/chk-" + id,
                        2,
                        id == 1,
                        triggered.plusSeconds(id)));
                made.add(checkpoints
                        .save(Checkpoint.pending(
                                job.getId(),
                                1000 + id,
                                CheckpointKind.SAVEPOINT,
                                Alignment.ALIGNED,
                                "file:/s/" + id,
                                1,
                                true,
                                triggered))
                        .getId());
            }
            return made;
        });
        assertThat(ids).doesNotHaveDuplicates().hasSize(2 * each);
        long first = ids.get(0);
        Checkpoint loadedBefore = checkpoints.findById(first).orElseThrow();

        tx.executeWithoutResult(status -> {
            // An entry written in the same transaction: the reference to it must not precede it.
            SharedStateEntry shared =
                    sharedState.save(new SharedStateEntry(job.getId(), "sst-plain", 2048, 1, triggered));
            lifecycle.complete(
                    job.getId(),
                    first,
                    1,
                    triggered.plusSeconds(1),
                    triggered.plusSeconds(1).plusMillis(340),
                    new CompletionStats(Alignment.UNALIGNED, 2, 5_000, 3_000, 256, 700),
                    List.of(shared.getId()));
        });

        Checkpoint completed = checkpoints.findById(first).orElseThrow();
        assertThat(completed.getStatus()).isEqualTo(CheckpointStatus.COMPLETED);
        assertThat(completed.getTriggeredAt()).isEqualTo(triggered.plusSeconds(1));
        assertThat(completed.getCompletedAt())
                .isEqualTo(triggered.plusSeconds(1).plusMillis(340));
        assertThat(completed.getDurationMs()).isEqualTo(340L);
        assertThat(completed.getRequestedAlignment()).isEqualTo(Alignment.ALIGNED);
        assertThat(completed.getAlignment()).isEqualTo(Alignment.UNALIGNED);
        assertThat(completed.isFullSnapshot()).isTrue();
        assertThat(List.of(
                        completed.getNumAcknowledged(),
                        completed.getStateSize(),
                        completed.getCheckpointedSize(),
                        completed.getInFlightBytes(),
                        completed.getMetadataBytes()))
                .containsExactly(2, 5_000L, 3_000L, 256L, 700L);
        Set<Long> refs =
                tx.execute(status -> checkpoints.findById(first).orElseThrow().getSharedStateRefs());
        assertThat(refs)
                .containsExactly(sharedState
                        .findByJobPkAndStateKey(job.getId(), "sst-plain")
                        .orElseThrow()
                        .getId());
        // The status guard is the update's condition; the version moved, as Hibernate's own update moves it.
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> lifecycle.complete(
                        job.getId(),
                        first,
                        1,
                        triggered,
                        triggered.plusSeconds(5),
                        new CompletionStats(Alignment.ALIGNED, 2, 1, 1, 0, 1),
                        List.of())))
                .isInstanceOf(IllegalCheckpointTransition.class)
                .hasMessageContaining("is COMPLETED");
        loadedBefore.protectFromDiscard();
        assertThatThrownBy(() -> checkpoints.save(loadedBefore)).isInstanceOf(OptimisticLockingFailureException.class);
    }

    @Test
    void retentionReadsAndMarksKeepTheEntitysRules() {
        Job job = registerJob("pg-retention-rows");
        Instant t0 = Instant.parse("2026-12-02T11:00:00Z");
        long[] pks = new long[4];
        tx.executeWithoutResult(status -> {
            for (int id = 1; id <= 4; id++) {
                pks[id - 1] = lifecycle.recordPending(
                        job.getId(),
                        id,
                        CheckpointKind.CHECKPOINT,
                        Alignment.ALIGNED,
                        "file:/r/chk-" + id,
                        1,
                        false,
                        t0.plusSeconds(id));
                if (id < 4) {
                    lifecycle.complete(
                            job.getId(),
                            pks[id - 1],
                            id,
                            t0.plusSeconds(id),
                            t0.plusSeconds(id).plusMillis(5),
                            new CompletionStats(Alignment.ALIGNED, 1, 1, 1, 0, 1),
                            List.of());
                }
            }
        });
        Checkpoint pinned = checkpoints.findById(pks[0]).orElseThrow();
        pinned.pin();
        checkpoints.save(pinned);
        Checkpoint protectedOne = checkpoints.findById(pks[1]).orElseThrow();
        protectedOne.protectFromDiscard();
        checkpoints.save(protectedOne);

        List<CompletedCheckpoint> completed = tx.execute(status -> rows.completedCheckpoints(job.getId()));
        assertThat(completed)
                .containsExactly(
                        new CompletedCheckpoint(pks[2], 3, false, false),
                        new CompletedCheckpoint(pks[1], 2, false, true),
                        new CompletedCheckpoint(pks[0], 1, true, false));
        // Pinned by a restore, brought in by NO_CLAIM, still pending: none of them is let go.
        for (int i : new int[] {0, 1, 3}) {
            long pk = pks[i];
            assertThatThrownBy(
                            () -> tx.executeWithoutResult(status -> lifecycle.startDiscarding(job.getId(), pk, i + 1)))
                    .isInstanceOf(IllegalCheckpointTransition.class);
        }
        tx.executeWithoutResult(status -> lifecycle.startDiscarding(job.getId(), pks[2], 3));
        tx.executeWithoutResult(status -> lifecycle.discarded(List.of(pks[2]), t0.plusSeconds(60)));

        assertThat(checkpoints.findById(pks[2]).orElseThrow())
                .extracting(Checkpoint::getStatus, Checkpoint::getDiscardedAt)
                .containsExactly(CheckpointStatus.DISCARDED, t0.plusSeconds(60));
        assertThat(List.of(pks[0], pks[1], pks[3]))
                .map(pk -> checkpoints.findById(pk).orElseThrow().getStatus())
                .containsExactly(CheckpointStatus.COMPLETED, CheckpointStatus.COMPLETED, CheckpointStatus.PENDING);
        // Only what is being discarded is marked discarded.
        assertThatThrownBy(() ->
                        tx.executeWithoutResult(status -> lifecycle.discarded(List.of(pks[0]), t0.plusSeconds(61))))
                .isInstanceOf(IllegalCheckpointTransition.class);
    }

    @Test
    void theDatabaseRefusesASecondCheckpointWithTheSameIdForAJob() {
        Job job = registerJob("pg-unique");
        checkpoints.save(Checkpoint.pending(
                job.getId(), 5, CheckpointKind.CHECKPOINT, Alignment.ALIGNED, "file:/x", 1, false, Instant.now()));

        assertThatThrownBy(() -> checkpoints.save(Checkpoint.pending(
                        job.getId(),
                        5,
                        CheckpointKind.CHECKPOINT,
                        Alignment.ALIGNED,
                        "file:/y",
                        1,
                        false,
                        Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(checkpoints
                        .findByJobPkOrderByCheckpointIdDesc(job.getId(), PageRequest.of(0, 10))
                        .getContent())
                .extracting(Checkpoint::getExternalPath)
                .isEqualTo(List.of("file:/x"));
    }

    @Test
    void theAgentsATriggerReadsComeInTaskOrderWithTheirLastSeenTime() {
        Job job = registerJob("pg-agents");
        Instant seen = Instant.parse("2026-12-02T10:00:00.123456Z");
        String insert = "insert into agents (id, job_pk, task_id, subtask, url, registered_at, last_seen_at, version)"
                + " values (?, ?, ?, ?, ?, ?, ?, 0)";
        OffsetDateTime at = OffsetDateTime.ofInstant(seen, ZoneOffset.UTC);
        jdbc.update(insert, 900_001L, job.getId(), "source", 1, "http://s1", at, at);
        jdbc.update(insert, 900_002L, job.getId(), "count", 0, "http://c0", at, at.plusSeconds(5));
        jdbc.update(insert, 900_003L, job.getId(), "source", 0, "http://s0", at, at);

        assertThat(agentAddresses.of(job.getId()))
                .containsExactly(
                        new AgentAddress("count", 0, "http://c0", false, seen.plusSeconds(5)),
                        new AgentAddress("source", 0, "http://s0", false, seen),
                        new AgentAddress("source", 1, "http://s1", false, seen));
    }

    private Job registerJob(String jobId) {
        given().port(port)
                .contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId
                        + "\",\"name\":\"pg\",\"tasks\":[{\"taskId\":\"source\",\"parallelism\":2},"
                        + "{\"taskId\":\"count\",\"parallelism\":4}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        return jobs.require(jobId);
    }
}
