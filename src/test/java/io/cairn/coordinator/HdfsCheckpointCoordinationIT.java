package io.cairn.coordinator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.SharedMiniDfs;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The checkpoint protocol with its files on a real in-process HDFS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HdfsCheckpointCoordinationIT {

    private static String root;

    @LocalServerPort
    int port;

    private TestAgents agents;
    private FileSystem hdfs;

    @DynamicPropertySource
    static void onHdfs(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "hdfs-coordination");
        root = SharedMiniDfs.uri() + "/cairn-" + UUID.randomUUID().toString().substring(0, 8);
        registry.add("cairn.storage.checkpoint-root", () -> root);
        registry.add("cairn.storage.savepoint-root", () -> root + "-savepoints");
    }

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        hdfs = FileSystem.newInstance(SharedMiniDfs.uri(), SharedMiniDfs.configuration());
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"on-hdfs\",\"name\":\"h\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":2},{\"taskId\":\"count\",\"parallelism\":3}]}")
                .post("/jobs")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(201, 409)); // 409: an earlier test made it
        agents = new TestAgents("http://127.0.0.1:" + port, "on-hdfs", SharedMiniDfs.configuration())
                .start("source", 2)
                .start("count", 3);
    }

    @AfterEach
    void tearDown() throws Exception {
        agents.close();
        hdfs.close();
    }

    @Test
    void checkpointsCompleteAndAbortOnHdfs() throws Exception {
        assertThat(hdfs.exists(new Path(root + "/on-hdfs/shared"))).isTrue();
        assertThat(hdfs.exists(new Path(root + "/on-hdfs/taskowned"))).isTrue();

        long completed = trigger();
        awaitStatus(completed, "COMPLETED");
        assertThat(hdfs.exists(new Path(root + "/on-hdfs/chk-" + completed + "/_metadata")))
                .isTrue();
        assertThat(hdfs.getFileStatus(new Path(root + "/on-hdfs/chk-" + completed + "/count-2/keyed-state"))
                        .getLen())
                .isEqualTo(30 * 1024);
        assertThat(hdfs.exists(new Path(root + "/on-hdfs/shared/count-2/sst-" + completed)))
                .isTrue();

        agents.behave("count/1", Behaviour.DECLINE);
        long declined = trigger();
        awaitStatus(declined, "FAILED");
        await().until(() -> !hdfs.exists(new Path(root + "/on-hdfs/chk-" + declined)));
    }

    @Test
    void aJobRestoresFromItsLatestCheckpointAndFromASavepointOnHdfs() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"demo-hdfs\",\"name\":\"d\",\"tasks\":["
                        + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":2}]}")
                .post("/jobs")
                .then()
                .statusCode(201);
        DemoEngine engine =
                TestAuth.demoEngine("http://127.0.0.1:" + port, "demo-hdfs", 1, 2, 0, SharedMiniDfs.configuration());
        try {
            engine.emit(60);
            long checkpoint = trigger("demo-hdfs", "checkpoints");
            awaitStatus("demo-hdfs", checkpoint, "COMPLETED");
            Map<String, Long> atCheckpoint = engine.counts();
            engine.emit(40);
            long savepoint = trigger("demo-hdfs", "savepoints");
            awaitStatus("demo-hdfs", savepoint, "COMPLETED");
            Map<String, Long> atSavepoint = engine.counts();
            String directory = given().get("/jobs/demo-hdfs/checkpoints/{id}", savepoint)
                    .then()
                    .extract()
                    .path("externalPath");
            assertThat(directory).startsWith(root + "-savepoints/savepoint-demo-h-");
            assertThat(hdfs.exists(new Path(directory + "/_metadata"))).isTrue();
            engine.close();

            engine = TestAuth.demoEngine(
                    "http://127.0.0.1:" + port, "demo-hdfs", 1, 2, 0, SharedMiniDfs.configuration());
            restore("demo-hdfs", "{\"source\":{\"checkpointId\":" + checkpoint + "}}");
            assertThat(engine.counts()).isEqualTo(atCheckpoint);
            restore("demo-hdfs", "{\"source\":{\"path\":\"" + directory + "/_metadata\"}}");
            assertThat(engine.counts()).isEqualTo(atSavepoint);
        } finally {
            engine.close();
        }
    }

    private static void restore(String jobId, String body) {
        long restore = given().contentType(ContentType.JSON)
                .body(body)
                .post("/jobs/{job}/restores", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("restoreId");
        await().until(() -> "SUCCEEDED"
                .equals(given().get("/jobs/{job}/restores", jobId)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("items.find { it.restoreId == " + restore + " }.status")));
    }

    private static long trigger(String jobId, String what) {
        return given().post("/jobs/{job}/" + what, jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(String jobId, long id, String status) {
        await().until(() -> status.equals(given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .extract()
                .path("status")));
    }

    private long trigger() {
        return given().post("/jobs/on-hdfs/checkpoints")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private void awaitStatus(long id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(given().get("/jobs/on-hdfs/checkpoints/{id}", id)
                        .then()
                        .extract()
                        .path("status")));
    }
}
