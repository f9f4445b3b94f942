package io.cairn.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Files nothing references are reported with sizes, kept by a dry run, and swept past the grace period. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrphanSweepIT {

    private static Path root;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        root = IsolatedData.register(registry, "orphans").resolve("checkpoints");
    }

    @Test
    void orphansAreReportedThenSweptAndWhatIsReferencedStays() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"tidy\",\"name\":\"t\",\"tasks\":[" + "{\"taskId\":\"t\",\"parallelism\":1}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "tidy").start("t", 1)) {
            given().post("/api/v1/jobs/tidy/checkpoints").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "COMPLETED"
                            .equals(given().get("/api/v1/jobs/tidy/checkpoints/1")
                                    .then()
                                    .extract()
                                    .path("status")));
            given().post("/api/v1/jobs/tidy/savepoints").then().statusCode(202);
            await().until(() -> "COMPLETED"
                    .equals(given().get("/api/v1/jobs/tidy/checkpoints/2")
                            .then()
                            .extract()
                            .path("status")));
        }
        Path savepoints = root.resolveSibling("savepoints");
        Path savepoint;
        try (var dirs = Files.list(savepoints)) {
            savepoint = dirs.findFirst().orElseThrow();
        }
        // A late ack's files in a savepoint that was aborted, and a user's own notes beside the savepoints.
        Files.createDirectories(savepoints.resolve("savepoint-tidy-0123456789ab"));
        Files.writeString(savepoints.resolve("savepoint-tidy-0123456789ab/late"), "late!");
        Files.createDirectories(savepoints.resolve("notes"));
        Files.writeString(savepoints.resolve("notes/readme"), "the user's");
        write("ghost-job/chk-3/state", "1234567890");
        write("tidy/chk-99/state", "12345");
        write("tidy/shared/t-0/unreferenced", "123");
        write("tidy/chk-1/._metadata_temp-left-by-a-crash", "12");
        write("tidy/stray-file", "1");
        write("tidy/taskowned/t-0/mine", "never an orphan");

        JsonPath report = given().get("/api/v1/maintenance/orphans")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> orphans = report.getList("orphans");
        assertThat(orphans)
                .extracting(orphan -> orphan.get("path") + " " + orphan.get("kind"))
                .containsExactlyInAnyOrder(
                        "ghost-job UNKNOWN_JOB_DIRECTORY",
                        "tidy/chk-99 CHECKPOINT_DIRECTORY",
                        "tidy/shared/t-0/unreferenced SHARED_FILE",
                        "tidy/chk-1/._metadata_temp-left-by-a-crash TEMPORARY_FILE",
                        "tidy/stray-file UNKNOWN_FILE",
                        "savepoint-tidy-0123456789ab SAVEPOINT_DIRECTORY");
        assertThat(report.getLong("bytes")).isEqualTo(10 + 5 + 3 + 2 + 1 + 5);
        String metrics = given().get("/actuator/prometheus").then().extract().asString();
        assertThat(metrics)
                .contains(
                        "cairn_retention_orphaned_bytes{cairn_job=\"tidy\"} 11.0",
                        "cairn_retention_orphaned_bytes{cairn_job=\"ghost-job\"} 10.0",
                        "cairn_retention_orphaned_bytes{cairn_job=\"savepoints\"} 5.0");

        given().post("/api/v1/maintenance/orphans/sweep")
                .then()
                .statusCode(200)
                .body("dryRun", equalTo(true))
                .body("swept.size()", equalTo(0))
                .body("keptTooYoung", equalTo(6));
        given().queryParam("dryRun", true)
                .queryParam("gracePeriod", "PT0S")
                .post("/api/v1/maintenance/orphans/sweep")
                .then()
                .body("swept.size()", equalTo(6));
        assertThat(root.resolve("ghost-job")).exists();

        given().queryParam("dryRun", false)
                .queryParam("gracePeriod", "PT0S")
                .post("/api/v1/maintenance/orphans/sweep")
                .then()
                .statusCode(200)
                .body("swept.size()", equalTo(6));

        assertThat(given().get("/actuator/prometheus").then().extract().asString())
                .doesNotContain("cairn_retention_orphaned_bytes{");
        given().get("/api/v1/maintenance/orphans").then().body("count", equalTo(0));
        assertThat(root.resolve("ghost-job")).doesNotExist();
        assertThat(root.resolve("tidy/taskowned/t-0/mine")).exists();
        assertThat(root.resolve("tidy/chk-1/_metadata")).exists();
        assertThat(savepoint.resolve("_metadata")).exists();
        assertThat(savepoints.resolve("notes/readme")).exists();
        assertThat(savepoints.resolve("savepoint-tidy-0123456789ab")).doesNotExist();
        given().queryParam("gracePeriod", "-PT1S")
                .post("/api/v1/maintenance/orphans/sweep")
                .then()
                .statusCode(400)
                .body("field", equalTo("gracePeriod"));
    }

    private static void write(String path, String content) throws Exception {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), content);
    }
}
