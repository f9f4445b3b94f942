package io.cairn.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
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

/**
 * Savepoints end to end with the demo engine: self-contained, never collected, deletable, and the
 * way to rescale a job (as a new job resuming from it).
 */
class SavepointIT extends SharedCairn {

    private static final Path data = data();

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
        jobId = "sp" + UUID.randomUUID().toString().substring(0, 8);
        register(jobId, 2, "", "DELETE_ON_CANCELLATION").statusCode(201);
        engine = startEngine(jobId, 2);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSavepointIsSelfContainedOutlivesRetentionAndCancellationAndGoesOnlyWhenDeleted() throws Exception {
        engine.emit(100);
        awaitCompleted(jobId, trigger("/checkpoints"));

        ValidatableResponse taken = given().post("/jobs/{job}/savepoints", jobId)
                .then()
                .statusCode(202)
                .body("kind", equalTo("SAVEPOINT"))
                .body("alignment", equalTo("ALIGNED"));
        long savepoint = taken.extract().jsonPath().getLong("checkpointId");
        Path directory = Path.of(java.net.URI.create(taken.extract().jsonPath().getString("directory")));
        awaitCompleted(jobId, savepoint);

        assertThat(directory.getParent()).isEqualTo(data.resolve("savepoints"));
        assertThat(directory.getFileName().toString()).matches("savepoint-" + jobId.substring(0, 6) + "-[0-9a-f]{12}");
        String metadata = Files.readString(directory.resolve("_metadata"));
        assertThat(metadata).contains("\"SAVEPOINT\"").doesNotContain("\"SHARED\"");
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("state files plus _metadata")
                    .isGreaterThan(1);
        }
        given().get("/jobs/{job}/checkpoints", jobId)
                .then()
                .body("items.find { it.checkpointId == " + savepoint + " }.kind", equalTo("SAVEPOINT"));
        String metrics = given().basePath("")
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // The checkpoint timer, told apart by kind.
        assertThat(metrics)
                .contains("cairn_checkpoint_duration_seconds_count{cairn_job=\"" + jobId + "\",kind=\"SAVEPOINT\"} 1");

        for (int i = 0; i < 3; i++) {
            engine.emit(10);
            awaitCompleted(jobId, trigger("/checkpoints"));
        }
        given().post("/jobs/{job}/cancel", jobId).then().statusCode(200);
        await().untilAsserted(() -> assertThat(checkpointStatuses(jobId))
                .filteredOn("COMPLETED"::equals)
                .hasSize(1));
        assertThat(directory.resolve("_metadata")).exists();
        assertThat(checkpointStatus(jobId, savepoint)).isEqualTo("COMPLETED");

        given().delete("/jobs/{job}/checkpoints/{id}", jobId, savepoint).then().statusCode(202);
        await().until(() -> "DISCARDED".equals(checkpointStatus(jobId, savepoint)));
        assertThat(directory).doesNotExist();
    }

    @Test
    void rescalingFromASavepointKeepsEveryKeysCount() throws Exception {
        engine.emit(200);
        long savepoint = given().post("/jobs/{job}/savepoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
        awaitCompleted(jobId, savepoint);
        Map<String, Long> atSavepoint = engine.counts();
        assertThat(atSavepoint).isNotEmpty();
        given().post("/jobs/{job}/cancel", jobId).then().statusCode(200);
        engine.close();

        String rescaled = jobId + "-x3";
        register(
                        rescaled,
                        3,
                        ",\"restoreFrom\":{\"jobId\":\"" + jobId + "\",\"checkpointId\":" + savepoint + "}",
                        "RETAIN_ON_CANCELLATION")
                .statusCode(201);
        given().get("/jobs/{job}/restores", rescaled)
                .then()
                .body("items[0].status", equalTo("AWAITING_AGENTS"))
                .body("items[0].agents.size()", equalTo(4));
        engine = startEngine(rescaled, 3);

        await().until(() -> "SUCCEEDED".equals(latestRestoreStatus(rescaled)));
        assertThat(engine.counts()).isEqualTo(atSavepoint);
        for (int subtask = 0; subtask < 3; subtask++) {
            assertThat(engine.counter(subtask).counts())
                    .as("subtask %d holds its share", subtask)
                    .isNotEmpty();
        }
        long next = trigger(rescaled, "/checkpoints");
        assertThat(next).isGreaterThan(savepoint);
    }

    @Test
    void aJobRescaledInPlaceFromASavepointKeepsEveryKeysCount() throws Exception {
        engine.emit(150);
        long savepoint = given().post("/jobs/{job}/savepoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
        awaitCompleted(jobId, savepoint);
        Map<String, Long> atSavepoint = engine.counts();
        engine.close();

        given().contentType(ContentType.JSON)
                .body("{\"source\":{\"checkpointId\":" + savepoint + "},\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":3}]}")
                .post("/jobs/{job}/restores", jobId)
                .then()
                .statusCode(202)
                .body("status", equalTo("AWAITING_AGENTS"));
        given().get("/jobs/{job}", jobId).then().body("tasks.find { it.taskId == 'count' }.parallelism", equalTo(3));
        given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:restore-in-progress"));
        engine = startEngine(jobId, 3);

        await().until(() -> "SUCCEEDED".equals(latestRestoreStatus(jobId)));
        assertThat(engine.counts()).isEqualTo(atSavepoint);
        for (int subtask = 0; subtask < 3; subtask++) {
            assertThat(engine.counter(subtask).counts())
                    .as("subtask %d holds its share", subtask)
                    .isNotEmpty();
        }
        awaitCompleted(jobId, trigger("/checkpoints"));
    }

    @Test
    void anUnalignedCheckpointCannotSeedARescaledJobAndTheRefusalKeepsNothing() throws Exception {
        engine.processing(false);
        engine.emit(20);
        long unaligned = given().contentType(ContentType.JSON)
                .body("{\"alignment\":\"UNALIGNED\"}")
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
        awaitCompleted(jobId, unaligned);

        String rescaled = jobId + "-x3";
        register(
                        rescaled,
                        3,
                        ",\"restoreFrom\":{\"jobId\":\"" + jobId + "\",\"checkpointId\":" + unaligned + "}",
                        "RETAIN_ON_CANCELLATION")
                .statusCode(409)
                .body("detail", containsString("take a savepoint"));
        given().get("/jobs/{job}", rescaled).then().statusCode(404);
        given().get("/jobs/{job}/checkpoints/{id}", jobId, unaligned).then().body("status", equalTo("COMPLETED"));
        given().contentType(ContentType.JSON)
                .body("{\"source\":{\"checkpointId\":" + unaligned + "},\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":3}]}")
                .post("/jobs/{job}/restores", jobId)
                .then()
                .statusCode(409)
                .body("detail", containsString("savepoint"));
        given().get("/jobs/{job}", jobId).then().body("tasks.find { it.taskId == 'count' }.parallelism", equalTo(2));
        given().get("/jobs/{job}/restores", jobId).then().body("total", equalTo(0));
        register(rescaled, 3, ",\"restoreFrom\":{\"checkpointId\":" + unaligned + "}", "RETAIN_ON_CANCELLATION")
                .statusCode(400)
                .body("field", equalTo("restoreFrom.jobId"));
        register(rescaled, 3, ",\"restoreFrom\":{\"jobId\":\"nope\",\"latest\":true}", "RETAIN_ON_CANCELLATION")
                .statusCode(404);
        given().get("/jobs/{job}", rescaled).then().statusCode(404);
    }

    @Test
    void aSavepointGoesOnlyUnderTheSavepointRootAndNeverBesideAnUnalignedCheckpoint() throws Exception {
        savepoint("{\"targetDirectory\":\"../escape\"}").statusCode(400).body("field", equalTo("targetDirectory"));
        savepoint("{\"targetDirectory\":\"file:/tmp/elsewhere\"}")
                .statusCode(400)
                .body("field", equalTo("targetDirectory"));
        savepoint("{\"targetDirectory\":\"hdfs://nn:8020/savepoints\"}").statusCode(400);
        assertThat(data.resolve("savepoints").resolve("../escape")).doesNotExist();

        String directory = savepoint("{\"targetDirectory\":\"before-upgrade\"}")
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("directory");
        assertThat(directory)
                .startsWith("file:" + data.resolve("savepoints").resolve("before-upgrade") + "/savepoint-");

        String other = "hang" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + other + "\",\"name\":\"h\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":1}]}")
                .post("/jobs")
                .then()
                .statusCode(201);
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, other).start("t", 1)) {
            agents.behave("t/0", TestAgents.Behaviour.HANG);
            given().contentType(ContentType.JSON)
                    .body("{\"alignment\":\"UNALIGNED\"}")
                    .post("/jobs/{job}/checkpoints", other)
                    .then()
                    .statusCode(202);
            given().post("/jobs/{job}/savepoints", other)
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("unaligned"));
            agents.releaseHanging();
        }
    }

    private ValidatableResponse savepoint(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/jobs/{job}/savepoints", jobId)
                .then();
    }

    private DemoEngine startEngine(String job, int counters) throws java.io.IOException {
        return TestAuth.demoEngine("http://127.0.0.1:" + port, job, 1, counters, 0, new Configuration());
    }

    private ValidatableResponse register(String job, int counters, String extra, String retention) {
        return given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"s\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":" + counters
                        + "}],\"checkpointing\":{\"numRetained\":1,\"retention\":\"" + retention + "\"}" + extra + "}")
                .post("/jobs")
                .then();
    }

    private long trigger(String path) {
        return trigger(jobId, path);
    }

    private static long trigger(String job, String path) {
        return given().post("/jobs/{job}" + path, job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitCompleted(String job, long id) {
        await().until(() -> "COMPLETED".equals(checkpointStatus(job, id)));
    }

    private static String checkpointStatus(String job, long id) {
        return given().get("/jobs/{job}/checkpoints/{id}", job, id)
                .then()
                .extract()
                .path("status");
    }

    private static List<String> checkpointStatuses(String job) {
        return given().get("/jobs/{job}/checkpoints?size=100", job)
                .then()
                .extract()
                .jsonPath()
                .getList("items.status");
    }

    private static String latestRestoreStatus(String job) {
        return given().get("/jobs/{job}/restores", job).then().extract().path("items[0].status");
    }
}
