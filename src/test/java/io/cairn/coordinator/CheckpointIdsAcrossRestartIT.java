package io.cairn.coordinator;

import java.nio.file.Path;
import java.time.Duration;

import io.cairn.testing.H2Files;
import io.cairn.testing.InProcessCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestAuth;
import io.cairn.testing.TestDirectories;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Checkpoint ids come from the database: they keep increasing when Cairn restarts, and a
 * checkpoint Cairn was waiting for when it stopped is aborted (SHUTDOWN), not left pending. (A
 * crash instead of a stop is the crash tests' subject.)
 */
class CheckpointIdsAcrossRestartIT {

    @org.junit.jupiter.api.BeforeEach
    void resetRestAssured() {
        // Other test classes set RestAssured's static base path; this one gives full paths.
        io.restassured.RestAssured.reset();
        TestAuth.adminByDefault();
    }

    @Test
    void idsKeepIncreasingAcrossARestartAndACheckpointPendingAtTheStopIsAborted() {
        Path dir = TestDirectories.fresh("restart-ids");
        long interrupted;

        try (ConfigurableApplicationContext first = InProcessCairn.start(dir);
                TestAgents agents = new TestAgents(InProcessCairn.url(first), "restarted")) {
            given().port(InProcessCairn.port(first))
                    .contentType(ContentType.JSON)
                    .body("{\"jobId\":\"restarted\",\"name\":\"r\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":2}]}")
                    .post("/api/v1/jobs")
                    .then()
                    .statusCode(201);
            agents.start("t", 2);
            awaitStatus(first, trigger(first), "COMPLETED");
            awaitStatus(first, trigger(first), "COMPLETED");
            agents.behave("t/1", Behaviour.HANG);
            interrupted = trigger(first);
            assertThat(interrupted).isEqualTo(3);
            // Cairn stops while its agents still listen: a trigger still on its way when the agents
            // closed first failed as AGENT_LOST before the stop could end the checkpoint.
            first.close();
        }

        H2Files.awaitClosed(dir.resolve("cairn"));
        try (ConfigurableApplicationContext second = InProcessCairn.start(dir);
                TestAgents agents = new TestAgents(InProcessCairn.url(second), "restarted").start("t", 2)) {
            given().port(InProcessCairn.port(second))
                    .get("/api/v1/jobs/restarted/checkpoints/3")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("failureReason", equalTo("SHUTDOWN"));
            assertThat(dir.resolve("checkpoints/restarted/chk-3")).doesNotExist();

            long next = trigger(second);
            assertThat(next).isEqualTo(4);
            awaitStatus(second, next, "COMPLETED");
            given().port(InProcessCairn.port(second))
                    .get("/api/v1/jobs/restarted/checkpoints/latest")
                    .then()
                    .body("checkpointId", equalTo(4));
        }
    }

    private static long trigger(ConfigurableApplicationContext context) {
        return given().port(InProcessCairn.port(context))
                .post("/api/v1/jobs/restarted/checkpoints")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(ConfigurableApplicationContext context, long id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(given().port(InProcessCairn.port(context))
                        .get("/api/v1/jobs/restarted/checkpoints/{id}", id)
                        .then()
                        .extract()
                        .path("status")));
    }
}
