package io.cairn.storage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.SharedS3;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Cairn with its checkpoint and savepoint roots on {@code s3a://}, the demo engine's agents writing
 * their state there too: checkpoints complete with {@code _metadata} published, retention deletes
 * what the newest checkpoints no longer share, a savepoint is written, and a restore brings back
 * the counts of its checkpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class S3CheckpointsIT {

    private static String root;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void onS3(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "s3-checkpoints");
        root = SharedS3.uri("cairn-" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("cairn.storage.checkpoint-root", () -> root + "/checkpoints");
        registry.add("cairn.storage.savepoint-root", () -> root + "/savepoints");
        SharedS3.hadoopProperties()
                .forEach((key, value) -> registry.add("cairn.storage.hadoop-properties.[" + key + "]", () -> value));
    }

    @Test
    void checkpointsRetentionSavepointsAndRestoresWorkOnS3() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
        TestAuth.adminByDefault();
        String job = "on-s3";
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"s3\",\"tasks\":[{\"taskId\":\"source\",\"parallelism\":1},"
                        + "{\"taskId\":\"count\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":1}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        try (FileSystem s3 = FileSystem.newInstance(new java.net.URI(root), SharedS3.configuration())) {
            DemoEngine engine = TestAuth.demoEngine("http://127.0.0.1:" + port, job, 1, 2, 0, SharedS3.configuration());
            try {
                engine.emit(100);
                long first = trigger(job);
                awaitStatus(job, first, "COMPLETED");
                assertThat(s3.exists(new Path(root + "/checkpoints/" + job + "/chk-" + first + "/_metadata")))
                        .isTrue();
                Map<String, Long> atFirst = engine.counts();

                engine.emit(50);
                long second = trigger(job);
                awaitStatus(job, second, "COMPLETED");
                // numRetained 1: the first is subsumed and its directory goes.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !s3.exists(new Path(root + "/checkpoints/" + job + "/chk-" + first)));

                long savepoint = given().contentType(ContentType.JSON)
                        .body("{}")
                        .post("/jobs/{job}/savepoints", job)
                        .then()
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("checkpointId");
                awaitStatus(job, savepoint, "COMPLETED");
                String savepointPath = given().get("/jobs/{job}/checkpoints/{id}", job, savepoint)
                        .then()
                        .extract()
                        .path("externalPath");
                assertThat(savepointPath).startsWith(root + "/savepoints/");
                assertThat(s3.exists(new Path(savepointPath + "/_metadata"))).isTrue();

                Map<String, Long> atSavepoint = engine.counts();
                assertThat(atSavepoint).isNotEqualTo(atFirst);
                engine.emit(25);
                await().until(() -> !engine.counts().equals(atSavepoint));
                long restore = given().contentType(ContentType.JSON)
                        .body("{\"source\":{\"checkpointId\":" + savepoint + "}}")
                        .post("/jobs/{job}/restores", job)
                        .then()
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("restoreId");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> "SUCCEEDED"
                                .equals(given().get("/jobs/{job}/restores/{id}", job, restore)
                                        .then()
                                        .extract()
                                        .path("status")));
                assertThat(engine.counts()).isEqualTo(atSavepoint);
                long afterRestore = trigger(job);
                awaitStatus(job, afterRestore, "COMPLETED");
            } finally {
                engine.close();
            }
        }
    }

    /**
     * Objects no checkpoint owns on S3 (a late agent's objects under an ended checkpoint's prefix,
     * shared state no checkpoint names, as a crash before {@code _metadata} leaves) are found by
     * the orphan scan through prefix listings and removed by a sweep; the job's published
     * checkpoint and {@code taskowned/} stay.
     */
    @Test
    void anInterruptedCheckpointsObjectsAreSweptAndNothingElse() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
        TestAuth.adminByDefault();
        String job = "s3-orphans";
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"o\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],"
                        + "\"checkpointing\":{\"numRetained\":1}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        String jobDir = root + "/checkpoints/" + job;
        try (FileSystem s3 = FileSystem.newInstance(new java.net.URI(root), SharedS3.configuration());
                TestAgents agents =
                        new TestAgents("http://127.0.0.1:" + port, job, SharedS3.configuration()).start("t", 1)) {
            long subsumed = trigger(job);
            awaitStatus(job, subsumed, "COMPLETED");
            long kept = trigger(job);
            awaitStatus(job, kept, "COMPLETED");
            await().atMost(Duration.ofSeconds(30)).until(() -> !s3.exists(new Path(jobDir + "/chk-" + subsumed)));
            // A checkpoint's objects written after it ended (an agent that was late), and shared state nothing names.
            for (String leftover : List.of("chk-" + subsumed + "/t-0/state", "shared/t-0/sst-interrupted")) {
                try (var out = s3.create(new Path(jobDir + "/" + leftover), false)) {
                    out.write(new byte[1024]);
                }
            }
            try (var out = s3.create(new Path(jobDir + "/taskowned/t-0/mine"), false)) {
                out.write(1);
            }

            given().queryParam("dryRun", false)
                    .queryParam("gracePeriod", "PT0S")
                    .post("/maintenance/orphans/sweep")
                    .then()
                    .statusCode(200)
                    .body("swept.path", hasItems(job + "/chk-" + subsumed, job + "/shared/t-0/sst-interrupted"));

            assertThat(s3.exists(new Path(jobDir + "/chk-" + subsumed))).isFalse();
            assertThat(s3.exists(new Path(jobDir + "/shared/t-0/sst-interrupted")))
                    .isFalse();
            assertThat(s3.exists(new Path(jobDir + "/chk-" + kept + "/_metadata")))
                    .isTrue();
            assertThat(s3.exists(new Path(jobDir + "/taskowned/t-0/mine"))).isTrue();
            given().get("/jobs/{job}/checkpoints/{id}", job, kept).then().body("status", equalTo("COMPLETED"));
        }
    }

    private static long trigger(String job) {
        return given().contentType(ContentType.JSON)
                .body("{}")
                .post("/jobs/{job}/checkpoints", job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(String job, long id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(given().get("/jobs/{job}/checkpoints/{id}", job, id)
                        .then()
                        .extract()
                        .path("status")));
    }
}
