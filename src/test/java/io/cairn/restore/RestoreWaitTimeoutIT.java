package io.cairn.restore;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A restore waiting for agents that never come fails after the wait timeout, naming them, and frees the job. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cairn.restore.agent-wait-timeout=2s", "cairn.restore.agent-wait-check=200ms"})
class RestoreWaitTimeoutIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "restore-wait-timeout");
    }

    @Test
    void aRestoreWhoseAgentsNeverComeFailsNamingThemAndTheJobCheckpointsAgain() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        String cairn = "http://127.0.0.1:" + port;
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"old\",\"name\":\"o\",\"tasks\":[" + "{\"taskId\":\"t\",\"parallelism\":1}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        try (TestAgents agents = new TestAgents(cairn, "old").start("t", 1)) {
            long id = given().post("/api/v1/jobs/old/checkpoints")
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            await().until(() -> "COMPLETED"
                    .equals(given().get("/api/v1/jobs/old/checkpoints/{id}", id)
                            .then()
                            .extract()
                            .path("status")));
        }
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"new\",\"name\":\"n\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":2}],\"restoreFrom\":{\"jobId\":\"old\",\"latest\":true}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        given().post("/api/v1/jobs/new/checkpoints")
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:restore-in-progress"));

        await().until(() -> "FAILED"
                .equals(given().get("/api/v1/jobs/new/restores")
                        .then()
                        .extract()
                        .path("items[0].status")));
        given().get("/api/v1/jobs/new/restores")
                .then()
                .body(
                        "items[0].failureMessage",
                        allOf(
                                containsString("t/0"),
                                containsString("t/1"),
                                containsString("cairn.restore.agent-wait-timeout")));
        try (TestAgents agents = new TestAgents(cairn, "new").start("t", 2)) {
            await().until(() -> given().post("/api/v1/jobs/new/checkpoints")
                            .then()
                            .extract()
                            .statusCode()
                    == 202);
        }
    }
}
