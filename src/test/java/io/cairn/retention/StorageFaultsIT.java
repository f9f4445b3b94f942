package io.cairn.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.cairn.testing.FaultyLocalFileSystem;
import io.cairn.testing.FaultyLocalFileSystem.Fault;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * A file system in trouble (deletes refused, or a full disk, which Hadoop reports as an
 * {@code FSError}) fails the checkpoint it hits with a recorded reason, never leaves one pending,
 * and delays deletion without stopping checkpoints; once it heals, everything carries on.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cairn.storage.hadoop-properties[fs.file.impl]=io.cairn.testing.FaultyLocalFileSystem",
            "cairn.retention.retry-delay=200ms"
        })
class StorageFaultsIT {

    static Path data;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        data = IsolatedData.register(registry, "storage-faults");
    }

    @BeforeEach
    void connect() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @AfterEach
    void heal() {
        FaultyLocalFileSystem.fault = Fault.NONE;
    }

    @Test
    void aFullDiskWhilePublishingMetadataFailsTheCheckpointCleansUpAndTheNextOneCompletes() throws IOException {
        register("full-metadata");
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "full-metadata").start("t", 2)) {
            FaultyLocalFileSystem.fault = Fault.DISK_FULL_WRITING_METADATA;
            long failed = trigger("full-metadata");
            awaitStatus("full-metadata", failed, "FAILED");
            given().get("/api/v1/jobs/full-metadata/checkpoints/{id}", failed)
                    .then()
                    .body("failureReason", equalTo("IO_ERROR"))
                    .body("failureMessage", containsString("No space left on device"));
            await().untilAsserted(() -> {
                assertThat(filesUnder("full-metadata")).noneMatch(name -> name.startsWith("._metadata"));
                assertThat(Files.exists(jobDirectory("full-metadata").resolve("chk-" + failed)))
                        .isFalse();
                assertThat(agents.aborted()).contains(failed);
            });
            given().get("/api/v1/jobs/full-metadata/checkpoints/stats")
                    .then()
                    .body("counts.inProgress", equalTo(0))
                    .body("counts.failed", equalTo(1));

            FaultyLocalFileSystem.fault = Fault.NONE;
            awaitStatus("full-metadata", trigger("full-metadata"), "COMPLETED");
        }
    }

    @Test
    void aFullDiskWhileCreatingTheCheckpointDirectoryRefusesTheTriggerAndRecordsTheFailure() {
        register("full-mkdirs");
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "full-mkdirs").start("t", 2)) {
            FaultyLocalFileSystem.fault = Fault.DISK_FULL_CREATING_CHECKPOINT_DIRECTORY;
            given().post("/api/v1/jobs/full-mkdirs/checkpoints")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("No space left on device"));
            given().get("/api/v1/jobs/full-mkdirs/checkpoints")
                    .then()
                    .body("items[0].status", equalTo("FAILED"))
                    .body("items[0].failureReason", equalTo("IO_ERROR"));
            given().get("/api/v1/jobs/full-mkdirs/checkpoints/stats").then().body("counts.inProgress", equalTo(0));

            FaultyLocalFileSystem.fault = Fault.NONE;
            awaitStatus("full-mkdirs", trigger("full-mkdirs"), "COMPLETED");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"DELETES_REFUSED", "DISK_FULL_DELETING"})
    void checkpointsCompleteWhileDeletesFailAndTheBacklogDrainsOnceTheyWork(Fault fault) {
        String jobId = "deletes-" + fault.name().toLowerCase().replace('_', '-');
        register(jobId);
        FaultyLocalFileSystem.fault = fault;
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, jobId).start("t", 2)) {
            for (int i = 1; i <= 5; i++) {
                awaitStatus(jobId, trigger(jobId), "COMPLETED");
            }
            // Retention decides after the completions, a moment later: wait for its journal as well.
            await().untilAsserted(() -> {
                assertThat(metric("cairn_retention_backlog")).isGreaterThanOrEqualTo(4);
                assertThat(metric("cairn_retention_deletion_failures_total")).isPositive();
                given().queryParam("status", "DISCARDING")
                        .get("/api/v1/jobs/{id}/checkpoints", jobId)
                        .then()
                        .body("total", greaterThanOrEqualTo(4));
            });

            FaultyLocalFileSystem.fault = Fault.NONE;

            await().untilAsserted(() -> {
                assertThat(metric("cairn_retention_backlog")).isZero();
                given().queryParam("status", "DISCARDED")
                        .get("/api/v1/jobs/{id}/checkpoints", jobId)
                        .then()
                        .body("total", equalTo(4));
            });
        }
    }

    private static void register(String jobId) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"s\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":1}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
    }

    private static long trigger(String jobId) {
        return given().post("/api/v1/jobs/{id}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(String jobId, long checkpointId, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(given().get("/api/v1/jobs/{id}/checkpoints/{n}", jobId, checkpointId)
                        .then()
                        .extract()
                        .path("status")));
    }

    private static Path jobDirectory(String jobId) {
        return data.resolve("checkpoints").resolve(jobId);
    }

    private static List<String> filesUnder(String jobId) throws IOException {
        try (Stream<Path> files = Files.walk(jobDirectory(jobId))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private double metric(String name) {
        String text = given().get("/actuator/prometheus").then().extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
