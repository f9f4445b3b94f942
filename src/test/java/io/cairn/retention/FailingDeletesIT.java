package io.cairn.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.cairn.testing.DeleteFailingFileSystem;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A file system that refuses deletes delays deletion, never a checkpoint; the backlog shows it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cairn.storage.hadoop-properties[fs.file.impl]=io.cairn.testing.DeleteFailingFileSystem",
        "cairn.retention.retry-delay=200ms"})
class FailingDeletesIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "failing-deletes");
    }

    @AfterEach
    void heal() {
        DeleteFailingFileSystem.failing = false;
    }

    @Test
    void checkpointsCompleteWhileDeletesFailAndTheBacklogDrainsOnceTheyWork() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        given().contentType(ContentType.JSON).body("{\"jobId\":\"stuck\",\"name\":\"s\",\"tasks\":["
                + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":1}}")
                .post("/api/v1/jobs").then().statusCode(201);
        DeleteFailingFileSystem.failing = true;
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "stuck").start("t", 2)) {
            for (int i = 1; i <= 5; i++) {
                long id = given().post("/api/v1/jobs/stuck/checkpoints").then().statusCode(202).extract().jsonPath()
                        .getLong("checkpointId");
                await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                        given().get("/api/v1/jobs/stuck/checkpoints/{id}", id).then().extract().path("status")));
            }
            await().untilAsserted(() -> {
                assertThat(metric("cairn_retention_backlog")).isGreaterThanOrEqualTo(4);
                assertThat(metric("cairn_retention_deletion_failures_total")).isPositive();
            });
            given().queryParam("status", "DISCARDING").get("/api/v1/jobs/stuck/checkpoints").then()
                    .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(4));

            DeleteFailingFileSystem.failing = false;

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(metric("cairn_retention_backlog")).isZero();
                given().queryParam("status", "DISCARDED").get("/api/v1/jobs/stuck/checkpoints").then()
                        .body("total", org.hamcrest.Matchers.equalTo(4));
            });
        }
    }

    private double metric(String name) {
        String text = given().get("/actuator/prometheus").then().extract().asString();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
