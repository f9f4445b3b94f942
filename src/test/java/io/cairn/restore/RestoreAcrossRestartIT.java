package io.cairn.restore;

import java.nio.file.Path;

import io.cairn.testing.H2Files;
import io.cairn.testing.InProcessCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.cairn.testing.TestDirectories;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A stop in the middle of restores: one whose commands were out can no longer hear its agents, so
 * it fails and lets go of its checkpoint, and the job checkpoints again; one still waiting for
 * its job's agents carries on after the restart and completes when they come.
 */
class RestoreAcrossRestartIT {

    private static final String JOB =
            "{\"jobId\":\"%s\",\"name\":\"r\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]%s}";

    @BeforeEach
    void resetRestAssured() {
        io.restassured.RestAssured.reset();
        TestAuth.adminByDefault();
    }

    @Test
    void anInterruptedRestoreFailsAndReleasesItsCheckpointAndAnAwaitingOneCarriesOn() {
        Path dir = TestDirectories.fresh("restore-restart");
        try (ConfigurableApplicationContext first = InProcessCairn.start(dir);
                TestAgents agents = new TestAgents(InProcessCairn.url(first), "source")) {
            int port = InProcessCairn.port(first);
            register(port, "source", "").statusCode(201);
            agents.start("t", 1);
            long id = trigger(port, "source");
            awaitCheckpoint(port, "source", id, "COMPLETED");
            given().port(port)
                    .contentType(ContentType.JSON)
                    .body("{\"source\":{\"checkpointId\":" + id + "}}")
                    .post("/api/v1/jobs/source/restores")
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("IN_PROGRESS"));
            register(port, "resumed", ",\"restoreFrom\":{\"jobId\":\"source\",\"checkpointId\":" + id + "}")
                    .statusCode(201);
            assertThat(pinned(port)).isEqualTo(1);
            first.close(); // Cairn stops while its agent still holds the restore command
        }

        H2Files.awaitClosed(dir.resolve("cairn"));
        try (ConfigurableApplicationContext second = InProcessCairn.start(dir);
                TestAgents sourceAgents = new TestAgents(InProcessCairn.url(second), "source");
                TestAgents resumedAgents = new TestAgents(InProcessCairn.url(second), "resumed")) {
            int port = InProcessCairn.port(second);
            given().port(port)
                    .get("/api/v1/jobs/source/restores")
                    .then()
                    .body("items[0].status", equalTo("FAILED"))
                    .body("items[0].agents[0].outcome", equalTo("FAILED"))
                    .body("items[0].agents[0].message", containsString("Cairn stopped"));
            given().port(port)
                    .get("/api/v1/jobs/resumed/restores")
                    .then()
                    .body("items[0].status", equalTo("AWAITING_AGENTS"));
            sourceAgents.start("t", 1);
            awaitCheckpoint(port, "source", trigger(port, "source"), "COMPLETED");

            resumedAgents.releaseRestores();
            resumedAgents.start("t", 1);
            await().until(() -> "SUCCEEDED"
                    .equals(given().port(port)
                            .get("/api/v1/jobs/resumed/restores")
                            .then()
                            .extract()
                            .path("items[0].status")));
            assertThat(pinned(port)).isZero();
        }
    }

    private static io.restassured.response.ValidatableResponse register(int port, String jobId, String extra) {
        return given().port(port)
                .contentType(ContentType.JSON)
                .body(JOB.formatted(jobId, extra))
                .post("/api/v1/jobs")
                .then();
    }

    private static long trigger(int port, String jobId) {
        return given().port(port)
                .post("/api/v1/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitCheckpoint(int port, String jobId, long id, String status) {
        await().until(() -> status.equals(given().port(port)
                .get("/api/v1/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .extract()
                .path("status")));
    }

    private static double pinned(int port) {
        return given().port(port)
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith("cairn_checkpoints_pinned"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
