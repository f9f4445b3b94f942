package io.cairn.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Restores end to end with the demo engine, and every refusal leaving everything as it was. */
class RestoreIT extends SharedCairn {

    private static final Path root = data().resolve("checkpoints");

    @LocalServerPort
    int port;

    private DemoEngine engine;
    private String jobId;

    @BeforeEach
    void start() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        jobId = "r-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"r\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":2}],"
                        + "\"checkpointing\":{\"numRetained\":2}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        engine = TestAuth.demoEngine("http://127.0.0.1:" + port, jobId, 1, 2, 0, new Configuration());
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void restoringTheLatestCheckpointBringsBackTheCountsAtThatCheckpoint() throws Exception {
        engine.emit(100);
        awaitCompleted(trigger("ALIGNED"));
        Map<String, Long> atCheckpoint = engine.counts();
        engine.emit(50);
        await().until(() -> !engine.counts().equals(atCheckpoint));
        engine.close();
        engine = TestAuth.demoEngine("http://127.0.0.1:" + port, jobId, 1, 2, 0, new Configuration());

        long restore = restore("{\"source\":{\"latest\":true}}")
                .statusCode(202)
                .body("status", equalTo("IN_PROGRESS"))
                .extract()
                .jsonPath()
                .getLong("restoreId");

        awaitRestore(restore, "SUCCEEDED");
        assertThat(engine.counts()).isEqualTo(atCheckpoint);
        assertThat(engine.counter(0).emittedWatermarks()).isNotEmpty();
        long next = trigger("ALIGNED");
        assertThat(next).isGreaterThan(1);
        given().get("/jobs/{job}/checkpoints/{id}", jobId, next).then().body("fullSnapshot", equalTo(true));
    }

    @Test
    void anUnalignedCheckpointRestoresItsInFlightRecordsAndWatermark() throws Exception {
        engine.processing(false);
        engine.emit(30);
        long id = trigger("UNALIGNED");
        awaitCompleted(id);
        int buffered = engine.counter(0).buffered() + engine.counter(1).buffered();
        engine.close();
        engine = TestAuth.demoEngine("http://127.0.0.1:" + port, jobId, 1, 2, 0, new Configuration());
        engine.processing(false);

        awaitRestore(
                restore("{\"source\":{\"checkpointId\":" + id + "}}")
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("restoreId"),
                "SUCCEEDED");

        assertThat(engine.counter(0).buffered() + engine.counter(1).buffered())
                .isEqualTo(buffered)
                .isPositive();
        engine.processing(true);
        await().until(() ->
                engine.counts().values().stream().mapToLong(Long::longValue).sum() == 30);
    }

    @Test
    void anExternalPathUnderAnAllowedRootRestores() throws Exception {
        engine.emit(40);
        long id = trigger("ALIGNED");
        awaitCompleted(id);
        Map<String, Long> atCheckpoint = engine.counts();

        awaitRestore(
                restore("{\"source\":{\"path\":\"file:" + root.resolve(jobId).resolve("chk-" + id)
                                + "/_metadata\"},\"claimMode\":\"CLAIM\"}")
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("restoreId"),
                "SUCCEEDED");

        assertThat(engine.counts()).isEqualTo(atCheckpoint);
        given().get("/jobs/{job}/restores", jobId)
                .then()
                .body("items[0].source", equalTo("PATH"))
                .body("items[0].agents.size()", equalTo(3));
    }

    @Test
    void aNoClaimRestoreSurvivesEverySubsumption() throws Exception {
        engine.emit(10);
        long restored = trigger("ALIGNED");
        awaitCompleted(restored);
        awaitRestore(
                restore("{\"source\":{\"checkpointId\":" + restored + "}}")
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("restoreId"),
                "SUCCEEDED");

        for (int i = 0; i < 3; i++) {
            engine.emit(5);
            awaitCompleted(trigger("ALIGNED"));
        }

        given().get("/jobs/{job}/checkpoints/{id}", jobId, restored).then().body("status", equalTo("COMPLETED"));
        assertThat(root.resolve(jobId).resolve("chk-" + restored).resolve("_metadata"))
                .exists();
    }

    @Test
    void aCheckSaysWhatARestoreWouldDoOrWhyItWouldBeRefusedAndDoesNothing() throws Exception {
        String latest = "{\"source\":{\"latest\":true}}";
        given().contentType(ContentType.JSON)
                .body(latest)
                .post("/jobs/{job}/restores/check", jobId)
                .then()
                .statusCode(404)
                .body("type", equalTo("urn:cairn:problem:no-restorable-checkpoint"));
        engine.emit(10);
        long id = trigger("ALIGNED");
        awaitCompleted(id);

        given().contentType(ContentType.JSON)
                .body("{\"source\":{\"latest\":true},\"tasks\":[{\"taskId\":\"source\",\"parallelism\":1},"
                        + "{\"taskId\":\"count\",\"parallelism\":4}]}")
                .post("/jobs/{job}/restores/check", jobId)
                .then()
                .statusCode(200)
                .body("source", equalTo("LATEST"))
                .body("checkpointId", equalTo((int) id))
                .body("metadataPath", containsString("chk-" + id))
                .body("rescales", equalTo(true))
                .body("parallelism.count", equalTo(4))
                .body("claimMode", equalTo("NO_CLAIM"));

        // Nothing was recorded, the job keeps its shape, and it checkpoints on.
        given().get("/jobs/{job}/restores", jobId).then().body("total", equalTo(0));
        given().get("/jobs/{job}", jobId).then().body("tasks.find { it.taskId == 'count' }.parallelism", equalTo(2));
        awaitCompleted(trigger("ALIGNED"));
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        restore("{\"source\":{\"latest\":true}}")
                .statusCode(404)
                .body("type", equalTo("urn:cairn:problem:no-restorable-checkpoint"));
        restore("{\"source\":{}}").statusCode(400).body("field", equalTo("source"));
        restore("{\"source\":{\"latest\":true,\"checkpointId\":1}}").statusCode(400);
        restore("{\"source\":{\"path\":\"file:/etc/passwd\"}}").statusCode(400).body("field", equalTo("source.path"));
        restore("{\"source\":{\"path\":\"s3://bucket/chk-1\"}}").statusCode(400);
        restore("{\"source\":{\"checkpointId\":99}}").statusCode(404);

        engine.emit(10);
        long id = trigger("UNALIGNED");
        awaitCompleted(id);
        Files.delete(root.resolve(jobId).resolve("chk-" + id).resolve("_metadata"));
        restore("{\"source\":{\"checkpointId\":" + id + "}}")
                .statusCode(422)
                .body("detail", containsString("no _metadata"));
        long second = trigger("ALIGNED");
        awaitCompleted(second);
        Path sharedFile;
        try (var files = Files.walk(root.resolve(jobId).resolve("shared"))) {
            sharedFile = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.delete(sharedFile);
        restore("{\"source\":{\"checkpointId\":" + second + "}}")
                .statusCode(422)
                .body("detail", containsString(sharedFile.getFileName().toString()));

        given().get("/jobs/{job}/restores", jobId).then().body("total", equalTo(0));
        given().get("/jobs/{job}/checkpoints/{id}", jobId, second).then().body("status", equalTo("COMPLETED"));
    }

    @Test
    void aRestoreIsFoundAtItsLocation() throws Exception {
        engine.emit(10);
        awaitCompleted(trigger("ALIGNED"));

        var created = restore("{\"source\":{\"latest\":true}}").statusCode(202).extract();
        String location = created.header("Location");
        long restoreId = created.jsonPath().getLong("restoreId");

        given().basePath("")
                .get(location)
                .then()
                .statusCode(200)
                .body("restoreId", equalTo((int) restoreId))
                .body("source", equalTo("LATEST"));
        awaitRestore(restoreId, "SUCCEEDED");
        given().get("/jobs/{job}/restores/{id}", jobId, 999_999)
                .then()
                .statusCode(404)
                .body("type", equalTo("urn:cairn:problem:restore-not-found"));
    }

    @Test
    void aResumeFromARunningJobMustNotClaimAndOneWaitingForAgentsCanBeCancelled() throws Exception {
        engine.emit(10);
        long id = trigger("ALIGNED");
        awaitCompleted(id);
        String resumed = jobId + "-v2";
        String newJob = "{\"jobId\":\"" + resumed + "\",\"name\":\"r2\",\"tasks\":[{\"taskId\":\"source\","
                + "\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":2}],\"restoreFrom\":{\"jobId\":\""
                + jobId + "\",\"latest\":true";

        given().contentType(ContentType.JSON)
                .body(newJob + ",\"claimMode\":\"CLAIM\"}}")
                .post("/jobs")
                .then()
                .statusCode(409)
                .body("detail", containsString("NO_CLAIM"));
        given().get("/jobs/{job}", resumed).then().statusCode(404);
        // Its directories are created before the job is written, and removed again when it is refused.
        assertThat(root.resolve(resumed)).doesNotExist();
        given().contentType(ContentType.JSON)
                .body(newJob + ",\"claimMode\":\"NO_CLAIM\"}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        long waiting = given().get("/jobs/{job}/restores", resumed)
                .then()
                .body("items[0].status", equalTo("AWAITING_AGENTS"))
                .extract()
                .jsonPath()
                .getLong("items[0].restoreId");

        given().contentType(ContentType.JSON)
                .body("{\"source\":{\"path\":\"file:" + root.resolve(jobId).resolve("chk-" + id) + "\"}}")
                .post("/jobs/{job}/restores", resumed)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:restore-in-progress"))
                .body("restoreId", equalTo((int) waiting));

        // Held back by its restore: degraded in its health details, with whom it waits for; Cairn stays UP.
        given().basePath("")
                .get("/actuator/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.checkpointing.components.'" + resumed + "'.status", equalTo("DEGRADED"))
                .body(
                        "components.checkpointing.components.'" + resumed + "'.details.blockedByRestore.restoreId",
                        equalTo((int) waiting))
                .body(
                        "components.checkpointing.components.'" + resumed
                                + "'.details.blockedByRestore.missingSubtasks.size()",
                        equalTo(3));
        given().post("/jobs/{job}/restores/{id}/cancel", resumed, waiting)
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().post("/jobs/{job}/restores/{id}/cancel", resumed, waiting)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:restore-not-cancellable"));
        given().get("/jobs/{job}/checkpoints/{id}", jobId, id).then().body("status", equalTo("COMPLETED"));
        try (DemoEngine second =
                TestAuth.demoEngine("http://127.0.0.1:" + port, resumed, 1, 2, 0, new Configuration())) {
            await().until(() -> given().get("/jobs/{job}/agents", resumed)
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("missing")
                    .isEmpty());
            long next = given().post("/jobs/{job}/checkpoints", resumed)
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "COMPLETED"
                            .equals(given().get("/jobs/{job}/checkpoints/{id}", resumed, next)
                                    .then()
                                    .extract()
                                    .path("status")));
            given().get("/jobs/{job}/restores/{id}", resumed, waiting).then().body("status", equalTo("CANCELLED"));
        }
    }

    private ValidatableResponse restore(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/jobs/{job}/restores", jobId)
                .then();
    }

    private void awaitRestore(long restoreId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !"IN_PROGRESS".equals(restoreStatus(restoreId)));
        assertThat(restoreStatus(restoreId))
                .as(given().get("/jobs/{job}/restores", jobId).asString())
                .isEqualTo(status);
    }

    private String restoreStatus(long restoreId) {
        return given().get("/jobs/{job}/restores", jobId)
                .then()
                .extract()
                .jsonPath()
                .getString("items.find { it.restoreId == " + restoreId + " }.status");
    }

    private long trigger(String alignment) {
        return given().contentType(ContentType.JSON)
                .body("{\"alignment\":\"" + alignment + "\"}")
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private void awaitCompleted(long id) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "COMPLETED"
                        .equals(given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                                .then()
                                .extract()
                                .path("status")));
    }
}
