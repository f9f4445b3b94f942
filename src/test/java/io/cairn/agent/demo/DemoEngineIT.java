package io.cairn.agent.demo;

import java.nio.file.Path;
import java.time.Duration;

import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo engine against a real Cairn: in-flight records in unaligned checkpoints, reuse of unchanged state. */
class DemoEngineIT extends SharedCairn {

    private static final Path dataDir = data();

    @LocalServerPort
    int port;

    private DemoEngine engine;
    private String jobId;

    @BeforeEach
    void start() throws Exception {
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        jobId = "counts-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"counts\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":2},{\"taskId\":\"count\",\"parallelism\":4}]}")
                .post("/jobs")
                .then()
                .statusCode(201);
        engine = TestAuth.demoEngine("http://127.0.0.1:" + port, jobId, 2, 4, 0, new Configuration());
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anUnalignedCheckpointCarriesTheBufferedRecords() {
        engine.processing(false);
        engine.emit(40);

        long id = trigger("UNALIGNED");
        JsonPath checkpoint = awaitCompleted(id);

        assertThat(checkpoint.getLong("inFlightBytes")).isPositive();
        assertThat(engine.counts()).isEmpty();
    }

    @Test
    void anAlignedCheckpointProcessesTheBufferFirstAndUnchangedStateIsReused() {
        engine.processing(false);
        engine.emit(40);
        engine.processing(true);

        long firstId = trigger("ALIGNED");
        JsonPath first = awaitCompleted(firstId);
        long counted =
                engine.counts().values().stream().mapToLong(Long::longValue).sum();
        // Reuse needs the subtasks to have heard that the first checkpoint completed.
        await().until(() -> java.util.stream.IntStream.range(0, 4)
                .allMatch(i -> engine.counter(i).lastConfirmedCheckpoint() == firstId));
        JsonPath second = awaitCompleted(trigger("ALIGNED"));

        assertThat(counted).isEqualTo(80);
        assertThat(first.getLong("inFlightBytes")).isZero();
        assertThat(second.getLong("stateSize")).isEqualTo(first.getLong("stateSize"));
        assertThat(countTaskCheckpointedSize(second)).isZero();
        assertThat(countTaskCheckpointedSize(first)).isPositive();
    }

    private long countTaskCheckpointedSize(JsonPath checkpoint) {
        return checkpoint.getLong("tasks.find { it.taskId == 'count' }.checkpointedSize");
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

    private JsonPath awaitCompleted(long id) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "COMPLETED"
                        .equals(given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                                .then()
                                .extract()
                                .path("status")));
        return given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .extract()
                .jsonPath();
    }
}
