package io.cairn.restore;

import java.nio.file.Path;

import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restore racing retention and the coordinator: the checkpoint being restored is pinned (no
 * delete takes it while agents load it), what was in flight is aborted, and no checkpoint starts
 * until every agent answered. Restored under CLAIM, it is the job's own again once the restore
 * ends, and the next completion subsumes and deletes it.
 */
class RestoreRacingRetentionIT extends SharedCairn {

    private static final Path root = data().resolve("checkpoints");

    @LocalServerPort
    int port;

    @Test
    void aRestoreAbortsWhatWasInFlightHoldsOffCheckpointsAndDeletesAndUnderClaimLetsGoOnceDone() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"racing\",\"name\":\"r\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":1}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "racing").start("t", 2)) {
            awaitCompleted(trigger());
            agents.behave("t/1", TestAgents.Behaviour.HANG);
            long inFlight = trigger();

            long restore = given().contentType(ContentType.JSON)
                    .body("{\"source\":{\"checkpointId\":1},\"claimMode\":\"CLAIM\"}")
                    .post("/jobs/racing/restores")
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("restoreId");

            // What was in flight holds the state the restore replaces: it is aborted, not completed.
            await().until(() -> "FAILED".equals(status(inFlight)));
            given().get("/jobs/racing/checkpoints/{id}", inFlight).then().body("failureReason", equalTo("RESTORED"));
            assertThat(metric("cairn_checkpoints_pinned")).isEqualTo(1);
            given().post("/jobs/racing/checkpoints")
                    .then()
                    .statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:restore-in-progress"));
            given().post("/jobs/racing/savepoints").then().statusCode(409);
            given().delete("/jobs/racing/checkpoints/1")
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("a restore is reading it"));
            assertThat(status(1)).isEqualTo("COMPLETED");
            assertThat(root.resolve("racing/chk-1/_metadata")).exists();

            agents.behave("t/1", TestAgents.Behaviour.ACK);
            agents.releaseHanging();
            agents.releaseRestores();
            await().until(() -> "SUCCEEDED"
                    .equals(given().get("/jobs/racing/restores")
                            .then()
                            .extract()
                            .jsonPath()
                            .getString("items.find { it.restoreId == " + restore + " }.status")));
            assertThat(metric("cairn_checkpoints_pinned")).isZero();

            // Under CLAIM the restored checkpoint is the job's own again: the next completion subsumes it.
            long next = trigger();
            assertThat(next).isGreaterThan(inFlight);
            awaitCompleted(next);
            await().until(() -> "DISCARDED".equals(status(1)));
            assertThat(root.resolve("racing/chk-1")).doesNotExist();
        }
    }

    private long trigger() {
        return given().post("/jobs/racing/checkpoints")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private String status(long id) {
        return given().get("/jobs/racing/checkpoints/{id}", id).then().extract().path("status");
    }

    private void awaitCompleted(long id) {
        await().until(() -> "COMPLETED".equals(status(id)));
    }

    private double metric(String name) {
        String text = given().basePath("")
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
