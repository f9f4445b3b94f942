package io.cairn.coordinator;

import java.nio.file.Path;

import io.cairn.testing.RefusedCompletion;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The catalog refusing a completion's commit after its {@code _metadata} was published (a database
 * outage, or with several replicas a lease unconfirmed for a moment): the checkpoint is whole on
 * storage, so Cairn records it COMPLETED as soon as the catalog takes the write again, without a
 * restart. The same for a failure the catalog could not record. Until then the checkpoint counts
 * against max-concurrent, so the catalog never shows it PENDING beside a next checkpoint.
 */
class CatalogFaultsIT extends SharedCairn {

    private static final String JOB = "commit-refused";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CheckpointRecovery recovery;

    @BeforeEach
    void connect() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @AfterEach
    void removeTheFault() {
        RefusedCompletion.takeCompletions();
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_completion");
    }

    @Test
    void aPublishedCheckpointWhoseCommitFailedIsRecordedCompletedOnceTheCatalogTakesWritesAgain() {
        long jobPk = registerRefusingCompletions(JOB);

        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, JOB).start("t", 2)) {
            long refused = trigger(JOB);
            await().until(() -> RefusedCompletion.refused() >= 1);
            Path metadata = data().resolve("checkpoints")
                    .resolve(JOB)
                    .resolve("chk-" + refused)
                    .resolve("_metadata");
            assertThat(metadata).as("published before the commit was refused").exists();
            assertThat(status(JOB, refused)).isEqualTo("PENDING");
            given().post("/api/v1/jobs/{job}/checkpoints", JOB)
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("1 checkpoint(s) of job '" + JOB + "' are in flight"));

            RefusedCompletion.takeCompletions();
            await().until(() -> "COMPLETED".equals(status(JOB, refused)));
            long next = trigger(JOB);
            await().until(() -> "COMPLETED".equals(status(JOB, next)));
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM checkpoints WHERE job_pk = ? AND status = 'PENDING'",
                            Integer.class,
                            jobPk))
                    .isZero();
        }
    }

    @Test
    void aFailureTheCatalogCouldNotRecordIsRecordedOnceItTakesWritesAgain() {
        String job = "failure-refused";
        long jobPk = registerRefusingCompletions(job);

        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, job).start("t", 2)) {
            agents.behave("t/1", Behaviour.DECLINE);
            long declined = trigger(job);
            await().until(() -> RefusedCompletion.refused() >= 1);
            assertThat(status(job, declined)).isEqualTo("PENDING");
            given().post("/api/v1/jobs/{job}/checkpoints", job)
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("1 checkpoint(s) of job '" + job + "' are in flight"));

            agents.behave("t/1", Behaviour.ACK);
            RefusedCompletion.takeCompletions();
            await().until(() -> "FAILED".equals(status(job, declined)));
            long next = trigger(job);
            await().until(() -> "COMPLETED".equals(status(job, next)));
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM checkpoints WHERE job_pk = ? AND status = 'PENDING'",
                            Integer.class,
                            jobPk))
                    .isZero();
        }
    }

    @Test
    void aCheckpointAnotherCoordinatorLeftPendingThatCannotBeSettledAtTakeoverHoldsTheJobUntilItIs() {
        String job = "left-by-another";
        long jobPk = registerRefusingCompletions(job);
        // As a replica that lost the job leaves it: PENDING in the catalog, unknown to this one.
        jdbc.update(
                "INSERT INTO checkpoints (id, job_pk, checkpoint_id, kind, requested_alignment, alignment, status,"
                        + " full_snapshot, external_path, triggered_at, num_subtasks, num_acknowledged, state_size,"
                        + " checkpointed_size, in_flight_bytes, pin_count, never_discard, version)"
                        + " VALUES (?, ?, 500, 'CHECKPOINT', 'ALIGNED', 'ALIGNED',"
                        + " 'PENDING', FALSE, ?, CURRENT_TIMESTAMP, 2, 0, 0, 0, 0, 0, FALSE, 0)",
                900_000_000L + jobPk, // far above the ids Hibernate's pooled sequence hands out here
                jobPk,
                data().resolve("checkpoints")
                        .resolve(job)
                        .resolve("chk-500")
                        .toUri()
                        .toString());

        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, job).start("t", 2)) {
            recovery.settlePending(jobPk); // the takeover's settling, refused by the catalog

            given().post("/api/v1/jobs/{job}/checkpoints", job)
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("1 checkpoint(s) of job '" + job + "' are in flight"));

            RefusedCompletion.takeCompletions();
            await().until(() -> "FAILED".equals(status(job, 500)));
            long next = trigger(job);
            await().until(() -> "COMPLETED".equals(status(job, next)));
        }
    }

    /** A job of two subtasks whose checkpoints the catalog refuses to end until {@link RefusedCompletion#takeCompletions}. */
    private long registerRefusingCompletions(String job) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"r\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":2}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        long jobPk = jdbc.queryForObject("SELECT id FROM jobs WHERE job_id = ?", Long.class, job);
        jdbc.execute("CREATE TRIGGER refuse_completion BEFORE UPDATE ON checkpoints FOR EACH ROW CALL '"
                + RefusedCompletion.class.getName() + "'");
        RefusedCompletion.refuseCompletionsOf(jobPk);
        return jobPk;
    }

    private static long trigger(String job) {
        return given().post("/api/v1/jobs/{job}/checkpoints", job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static String status(String job, long checkpointId) {
        return given().get("/api/v1/jobs/{job}/checkpoints/{id}", job, checkpointId)
                .then()
                .extract()
                .path("status");
    }
}
