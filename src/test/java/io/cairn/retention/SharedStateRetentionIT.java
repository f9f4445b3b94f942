package io.cairn.retention;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incremental checkpoints of the demo engine: unchanged chunks are reused from {@code shared/},
 * and retention keeps exactly the shared files the retained checkpoints reference.
 */
class SharedStateRetentionIT extends SharedCairn {

    private static final Path root = data().resolve("checkpoints");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void fiveIncrementalCheckpointsWithNumRetainedTwoLeaveExactlyTheSharedFilesTheRetainedOnesReference()
            throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"incremental\",\"name\":\"i\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":2}],"
                        + "\"checkpointing\":{\"numRetained\":2}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        try (DemoEngine engine =
                TestAuth.demoEngine("http://127.0.0.1:" + port, "incremental", 1, 2, 0, new Configuration())) {
            long reused = 0;
            for (int i = 1; i <= 5; i++) {
                engine.emit(i == 1 ? 200 : 3);
                long id = checkpoint();
                assertThat(id).isEqualTo(i);
                await().until(() -> IntStream.range(0, 2)
                        .allMatch(subtask -> engine.counter(subtask).lastConfirmedCheckpoint() == id));
                reused += metadataSharedKeys(id).stream()
                        .filter(key -> !key.endsWith("-" + id))
                        .count();
            }
            assertThat(reused).as("chunks reused from earlier checkpoints").isPositive();

            Set<String> referenced = new TreeSet<>(metadataSharedKeys(4));
            referenced.addAll(metadataSharedKeys(5));
            // A walk of shared/ meets files deleted under it while retention works: asked again then.
            await().atMost(Duration.ofSeconds(30))
                    .ignoreException(UncheckedIOException.class)
                    .untilAsserted(() -> {
                        // On failure, the catalog's view says which rule kept a file (H2 left one
                        // out now and then: see RetentionLedger.releaseAgain).
                        assertThat(sharedFiles()).as(this::catalogView).isEqualTo(referenced);
                        assertThat(Files.exists(root.resolve("incremental/chk-3")))
                                .isFalse();
                    });
        }
    }

    /** Each shared file's catalog row and the checkpoints (with their statuses) referencing it. */
    private String catalogView() {
        return "catalog: " + jdbc.queryForList("""
                select s.state_key, s.status, s.created_by_checkpoint, s.last_used_checkpoint,
                       listagg(c.checkpoint_id || ':' || c.status, ',') as refs
                from shared_state s join jobs j on j.id = s.job_pk
                left join checkpoint_shared_refs r on r.shared_state_pk = s.id
                left join checkpoints c on c.id = r.checkpoint_pk
                where j.job_id = 'incremental'
                group by s.state_key, s.status, s.created_by_checkpoint, s.last_used_checkpoint
                order by s.state_key""");
    }

    private long checkpoint() {
        long id = given().post("/api/v1/jobs/incremental/checkpoints")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "COMPLETED"
                        .equals(given().get("/api/v1/jobs/incremental/checkpoints/{id}", id)
                                .then()
                                .extract()
                                .path("status")));
        return id;
    }

    private static Set<String> metadataSharedKeys(long id) throws Exception {
        JsonNode metadata = JsonMapper.builder()
                .build()
                .readTree(Files.readAllBytes(root.resolve("incremental/chk-" + id + "/_metadata")));
        Set<String> keys = new TreeSet<>();
        for (JsonNode task : metadata.get("tasks")) {
            for (JsonNode subtask : task.get("subtasks")) {
                for (JsonNode handle : subtask.get("handles")) {
                    if (handle.get("location").asString().equals("SHARED")) {
                        keys.add(handle.get("path").asString());
                    }
                }
            }
        }
        return keys;
    }

    private static Set<String> sharedFiles() throws Exception {
        Path shared = root.resolve("incremental/shared");
        try (Stream<Path> files = Files.walk(shared)) {
            Set<String> keys = new TreeSet<>();
            files.filter(Files::isRegularFile)
                    .forEach(file -> keys.add(shared.relativize(file).toString()));
            return keys;
        }
    }
}
