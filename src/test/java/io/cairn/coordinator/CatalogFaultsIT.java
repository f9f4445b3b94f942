package io.cairn.coordinator;

import java.nio.file.Path;

import io.cairn.testing.RefusedCompletion;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
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

/**
 * The catalog refusing a completion's commit after its {@code _metadata} was published (a database
 * outage, or with several replicas a lease unconfirmed for a moment): the checkpoint is whole on
 * storage, so Cairn records it COMPLETED as soon as the catalog takes the write again, without a
 * restart, and does not leave it PENDING beside the next checkpoints.
 */
class CatalogFaultsIT extends SharedCairn {

    private static final String JOB = "commit-refused";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void connect() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @AfterEach
    void removeTheFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_completion");
    }

    @Test
    void aPublishedCheckpointWhoseCommitFailedIsRecordedCompletedOnceTheCatalogTakesWritesAgain() {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + JOB + "\",\"name\":\"r\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":2}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        long jobPk = jdbc.queryForObject("SELECT id FROM jobs WHERE job_id = ?", Long.class, JOB);
        jdbc.execute("CREATE TRIGGER refuse_completion BEFORE UPDATE ON checkpoints FOR EACH ROW CALL '"
                + RefusedCompletion.class.getName() + "'");
        RefusedCompletion.refuseNextCompletionOf(jobPk);

        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, JOB).start("t", 2)) {
            long refused = trigger();
            await().until(() -> RefusedCompletion.refused() == 1);
            Path metadata = data().resolve("checkpoints")
                    .resolve(JOB)
                    .resolve("chk-" + refused)
                    .resolve("_metadata");
            assertThat(metadata).as("published before the commit was refused").exists();

            await().until(() -> "COMPLETED".equals(status(refused)));
            long next = trigger();
            await().until(() -> "COMPLETED".equals(status(next)));
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM checkpoints WHERE job_pk = ? AND status = 'PENDING'",
                            Integer.class,
                            jobPk))
                    .isZero();
        }
    }

    private static long trigger() {
        return given().post("/api/v1/jobs/{job}/checkpoints", JOB)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static String status(long checkpointId) {
        return given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, checkpointId)
                .then()
                .extract()
                .path("status");
    }
}
