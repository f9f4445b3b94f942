package io.cairn.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every endpoint against hostile input, as an authorised caller would send it: each case answers
 * its exact 4xx with a problem naming the field or the fault, and leaves the catalog and the file
 * system exactly as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIT {

    private static final String A = "victim-a";
    private static final String B = "other-b";
    private static final String JOB = "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]";
    private static Path dataDir;
    private static TestAgents agentsOfB;

    private static final List<String> CATALOG_TABLES = List.of(
            "SELECT * FROM jobs ORDER BY id",
            "SELECT * FROM job_tasks ORDER BY job_pk, task_index",
            "SELECT id, job_pk, task_id, subtask, url FROM agents ORDER BY id",
            "SELECT * FROM checkpoints ORDER BY id",
            "SELECT * FROM ack_stats ORDER BY checkpoint_pk",
            "SELECT * FROM shared_state ORDER BY id",
            "SELECT * FROM checkpoint_shared_refs ORDER BY checkpoint_pk, shared_state_pk",
            "SELECT * FROM restores ORDER BY id",
            "SELECT * FROM restore_agents ORDER BY restore_pk, task_id, subtask");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        dataDir = IsolatedData.register(registry, "hostile-input");
    }

    @BeforeEach
    void twoJobsOneWithACompletedCheckpoint() {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
        TestAuth.adminByDefault();
        // Bodies go out byte for byte, whatever content type a case claims.
        RestAssured.config = RestAssuredConfig.config()
                .encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        if (agentsOfB != null) {
            return;
        }
        for (String job : List.of(A, B)) {
            given().contentType("application/json")
                    .body("{\"jobId\":\"" + job + "\"," + JOB.substring(1) + ",\"checkpointing\":{\"numRetained\":3}}")
                    .post("/jobs")
                    .then()
                    .statusCode(201);
        }
        agentsOfB = new TestAgents("http://127.0.0.1:" + port, B).start("t", 1);
        long id = given().post("/jobs/{job}/checkpoints", B)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
        await().until(() -> "COMPLETED"
                .equals(given().get("/jobs/{job}/checkpoints/{id}", B, id)
                        .then()
                        .extract()
                        .path("status")));
    }

    @AfterAll
    static void stopAgents() {
        if (agentsOfB != null) {
            agentsOfB.close();
        }
    }

    static Stream<Arguments> hostileRequests() {
        String deep = "[".repeat(200) + "]".repeat(200);
        String longString = "x".repeat(64 * 1024);
        List<Arguments> cases = new ArrayList<>();
        // POST /jobs: malformed, truncated, wrong shapes
        cases.add(of("malformed JSON", "POST", "/jobs", "{\"name\":", 400, "type=malformed-json"));
        cases.add(
                of("truncated JSON", "POST", "/jobs", JOB.substring(0, JOB.length() - 3), 400, "type=malformed-json"));
        cases.add(of("not JSON", "POST", "/jobs", "hello", 400, "type=malformed-json"));
        cases.add(of("empty body", "POST", "/jobs", "", 400, "type=missing-body"));
        cases.add(of("array instead of object", "POST", "/jobs", "[]", 400, "type=invalid-value"));
        cases.add(of("trailing garbage", "POST", "/jobs", JOB + "}{}", 400, "type=malformed-json"));
        cases.add(of(
                "name of wrong type",
                "POST",
                "/jobs",
                "{\"name\":5,\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}",
                400,
                "field=name"));
        cases.add(of("tasks of wrong type", "POST", "/jobs", "{\"name\":\"n\",\"tasks\":\"t\"}", 400, "field=tasks"));
        cases.add(of("null task", "POST", "/jobs", "{\"name\":\"n\",\"tasks\":[null]}", 400, "field=tasks[0]"));
        cases.add(of(
                "unknown enum",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"mode\":\"SIDEWAYS\"}}",
                400,
                "field=checkpointing.mode"));
        cases.add(of(
                "enum by ordinal",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"retention\":0}}",
                400,
                "field=checkpointing.retention"));
        cases.add(of(
                "negative parallelism",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":-1}]}",
                400,
                "field=tasks[0].parallelism"));
        cases.add(of(
                "parallelism beyond int",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":2147483648}]}",
                400,
                "field=tasks[0].parallelism"));
        cases.add(of(
                "seventy-digit number",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":" + "9".repeat(70) + "}]}",
                400,
                "type=json-too-large"));
        cases.add(of(
                "float exponent",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1e400}]}",
                400,
                "field=tasks[0].parallelism"));
        cases.add(of(
                "negative duration",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"timeout\":\"PT-1S\"}}",
                400,
                "field=checkpointing.timeout"));
        cases.add(of(
                "zero timeout",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"timeout\":\"PT0S\"}}",
                400,
                "field=checkpointing.timeout"));
        cases.add(of(
                "absurd interval",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"interval\":\"P99999D\"}}",
                400,
                "field=checkpointing.interval"));
        cases.add(of(
                "duration as number",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"interval\":30}}",
                400,
                "field=checkpointing.interval"));
        cases.add(of(
                "zero retained",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"numRetained\":0}}",
                400,
                "field=checkpointing.numRetained"));
        cases.add(of(
                "absurd retained",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"numRetained\":1000000000}}",
                400,
                "field=checkpointing.numRetained"));
        cases.add(of(
                "negative concurrency",
                "POST",
                "/jobs",
                JOB + ",\"checkpointing\":{\"maxConcurrent\":-5}}",
                400,
                "field=checkpointing.maxConcurrent"));
        cases.add(of(
                "64 KB name",
                "POST",
                "/jobs",
                "{\"name\":\"" + longString + "\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}",
                400,
                "field=name"));
        cases.add(of(
                "64 KB task id",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":[{\"taskId\":\"" + longString + "\",\"parallelism\":1}]}",
                400,
                "field=tasks[0].taskId"));
        cases.add(of(
                "deeply nested tasks",
                "POST",
                "/jobs",
                "{\"name\":\"n\",\"tasks\":" + deep + "}",
                400,
                "field=tasks[0]"));
        cases.add(of(
                "deep nesting",
                "PATCH",
                "/jobs/" + A + "/checkpointing",
                "{\"a\":".repeat(100) + "1" + "}".repeat(100),
                400,
                "type=json-too-large"));
        cases.add(of("unknown field", "POST", "/jobs", JOB + ",\"owner\":\"me\"}", 400, "field=owner"));
        cases.add(of(
                "traversal job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"../etc\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "encoded traversal job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"%2e%2e\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "absolute job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"/etc/passwd\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "NUL in job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"a\\u0000b\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "look-alike job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"j\u043eb\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "fullwidth dots job id",
                "POST",
                "/jobs",
                "{\"jobId\":\"\uff0e\uff0e\"," + JOB.substring(1) + "}",
                400,
                "field=jobId"));
        cases.add(of(
                "root outside",
                "POST",
                "/jobs",
                JOB + ",\"checkpointRoot\":\"file:/etc\"}",
                400,
                "field=checkpointRoot"));
        cases.add(of(
                "root climbing out",
                "POST",
                "/jobs",
                JOB + ",\"checkpointRoot\":\"file:./data/../../etc\"}",
                400,
                "field=checkpointRoot"));
        cases.add(of(
                "root of another scheme",
                "POST",
                "/jobs",
                JOB + ",\"checkpointRoot\":\"s3://b/x\"}",
                400,
                "field=checkpointRoot"));
        cases.add(of(
                "resume from outside",
                "POST",
                "/jobs",
                JOB + ",\"restoreFrom\":{\"path\":\"file:/etc\"}}",
                400,
                "field=source.path"));
        cases.add(ofType("text body", "POST", "/jobs", "text/plain", JOB + "}", 415, "type=unsupported-media-type"));
        cases.add(ofType("XML body", "POST", "/jobs", "application/xml", "<job/>", 415, "type=unsupported-media-type"));
        cases.add(of(
                "oversized body",
                "POST",
                "/jobs",
                "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}",
                413,
                "type=payload-too-large"));
        // ids in paths and parameters
        cases.add(of("encoded slash in id", "GET", "/jobs/..%2F..%2Fetc", null, 400, "type=rejected-path"));
        cases.add(of("encoded dots in id", "GET", "/jobs/%2e%2e", null, 400, "type=rejected-path"));
        cases.add(of("encoded NUL in id", "GET", "/jobs/a%00b", null, 400, "type=bad-request"));
        cases.add(of(
                "checkpoint id not a number",
                "DELETE",
                "/jobs/" + A + "/checkpoints/abc",
                null,
                400,
                "field=checkpointId"));
        cases.add(of(
                "checkpoint id beyond long",
                "DELETE",
                "/jobs/" + A + "/checkpoints/99999999999999999999",
                null,
                400,
                "field=checkpointId"));
        cases.add(of(
                "another job's checkpoint",
                "DELETE",
                "/jobs/" + A + "/checkpoints/1",
                null,
                404,
                "type=checkpoint-not-found"));
        cases.add(of(
                "another job's checkpoint restored",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"checkpointId\":1}}",
                404,
                "type=no-restorable-checkpoint"));
        cases.add(of("absurd page size", "GET", "/jobs?size=100000", null, 400, "field=size"));
        cases.add(of("negative page", "GET", "/jobs?page=-1", null, 400, "field=page"));
        cases.add(of("unknown state filter", "GET", "/jobs?state=EXPLODED", null, 400, "field=state"));
        // triggers, savepoints, restores, patches
        cases.add(of(
                "unknown alignment",
                "POST",
                "/jobs/" + A + "/checkpoints",
                "{\"alignment\":\"SIDEWAYS\"}",
                400,
                "field=alignment"));
        cases.add(of(
                "alignment by number",
                "POST",
                "/jobs/" + A + "/checkpoints",
                "{\"alignment\":1}",
                400,
                "field=alignment"));
        cases.add(of(
                "savepoint climbing out",
                "POST",
                "/jobs/" + A + "/savepoints",
                "{\"targetDirectory\":\"../../etc\"}",
                400,
                "field=targetDirectory"));
        cases.add(of(
                "savepoint absolute path",
                "POST",
                "/jobs/" + A + "/savepoints",
                "{\"targetDirectory\":\"/etc\"}",
                400,
                "field=targetDirectory"));
        cases.add(of(
                "savepoint other root",
                "POST",
                "/jobs/" + A + "/savepoints",
                "{\"targetDirectory\":\"file:/etc\"}",
                400,
                "field=targetDirectory"));
        cases.add(of(
                "savepoint NUL",
                "POST",
                "/jobs/" + A + "/savepoints",
                "{\"targetDirectory\":\"a\\u0000b\"}",
                400,
                "field=targetDirectory"));
        cases.add(of(
                "restore outside roots",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"path\":\"file:/etc/passwd\"}}",
                400,
                "field=source.path"));
        cases.add(of(
                "restore climbing out",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"path\":\"file:./data/checkpoints/../../../etc\"}}",
                400,
                "field=source.path"));
        cases.add(of(
                "restore negative id",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"checkpointId\":-3}}",
                400,
                "field=source.checkpointId"));
        cases.add(of(
                "restore two sources",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"latest\":true,\"checkpointId\":1}}",
                400,
                "field=source"));
        cases.add(of(
                "restore unknown claim mode",
                "POST",
                "/jobs/" + A + "/restores",
                "{\"source\":{\"latest\":true},\"claimMode\":\"STEAL\"}",
                400,
                "field=claimMode"));
        cases.add(
                of("patch not an object", "PATCH", "/jobs/" + A + "/checkpointing", "[]", 400, "field=checkpointing"));
        cases.add(of(
                "patch negative timeout",
                "PATCH",
                "/jobs/" + A + "/checkpointing",
                "{\"timeout\":\"PT-5S\"}",
                400,
                "field=timeout"));
        cases.add(of(
                "patch wrong type",
                "PATCH",
                "/jobs/" + A + "/checkpointing",
                "{\"numRetained\":\"many\"}",
                400,
                "field=numRetained"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void aHostileRequestIsRefusedWithItsProblemAndChangesNothing(
            String name, String method, String path, String contentType, String body, int status, String expectation) {
        String catalogBefore = catalog();
        List<String> filesBefore = files();

        var request = given().urlEncodingEnabled(false).contentType(contentType);
        if (body != null) {
            request.body(body);
        }
        ValidatableResponse response = request.request(method, path)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body("detail", not(nullValue()));
        String[] expected = expectation.split("=", 2);
        if (expected[0].equals("field")) {
            String field = response.extract().path("field");
            List<String> fields = response.extract().path("errors.field");
            assertThat(field != null ? List.of(field) : fields)
                    .as(response.extract().asString())
                    .contains(expected[1]);
        } else {
            response.body("type", equalTo("urn:cairn:problem:" + expected[1]));
        }

        assertThat(catalog()).isEqualTo(catalogBefore);
        assertThat(files()).isEqualTo(filesBefore);
    }

    /** Every catalog table, read directly (agents without their renewal times, which move on their own). */
    private String catalog() {
        StringBuilder state = new StringBuilder();
        for (String query : CATALOG_TABLES) {
            state.append(jdbc.queryForList(query)).append('\n');
        }
        return state.toString();
    }

    private static List<String> files() {
        List<String> files = new ArrayList<>();
        for (String root : List.of("checkpoints", "savepoints")) {
            Path dir = dataDir.resolve(root);
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.map(path -> dataDir.relativize(path).toString())
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static Arguments of(String name, String method, String path, String body, int status, String expectation) {
        return Arguments.of(name, method, path, "application/json", body, status, expectation);
    }

    private static Arguments ofType(
            String name, String method, String path, String contentType, String body, int status, String expectation) {
        return Arguments.of(name, method, path, contentType, body, status, expectation);
    }
}
