package io.cairn.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The jobs and agents API over a real socket, with every error a client can provoke. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cairn.api.max-request-body=64KB", "cairn.coordinator.agent-renewal-flush=200ms"})
class JobsApiIT {

    private static Path dataDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        dataDir = IsolatedData.register(registry, "jobs-api");
    }

    @BeforeEach
    void pointRestAssuredAtTheServer() {
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
    }

    // --- registration ---

    @Test
    void registersAJobFromTheDocumentedBodyAndCreatesItsDirectories() {
        String jobId = uniqueId("orders");
        given().contentType(ContentType.JSON)
                .body("""
                {"jobId":"%s","name":"orders","tasks":[{"taskId":"source","parallelism":2},{"taskId":"count","parallelism":4}],
                 "checkpointing":{"interval":"PT30S","mode":"ALIGNED","alignedTimeout":"PT0S","timeout":"PT10M","minPause":"PT0S",
                 "maxConcurrent":1,"tolerableFailures":0,"retention":"RETAIN_ON_CANCELLATION","numRetained":1}}
                """.formatted(jobId))
                .when()
                .post("/jobs")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/jobs/" + jobId))
                .body("jobId", equalTo(jobId))
                .body("state", equalTo("RUNNING"))
                .body("tasks.taskId", equalTo(List.of("source", "count")))
                .body("tasks.parallelism", equalTo(List.of(2, 4)))
                .body("checkpointing.interval", equalTo("PT30S"))
                .body("checkpointing.retention", equalTo("RETAIN_ON_CANCELLATION"))
                .body("checkpointRoot", equalTo("file:" + dataDir.resolve("checkpoints")));

        assertThat(dataDir.resolve("checkpoints").resolve(jobId).resolve("shared"))
                .isDirectory();
        assertThat(dataDir.resolve("checkpoints").resolve(jobId).resolve("taskowned"))
                .isDirectory();
    }

    @Test
    void absentCheckpointingTakesFlinksDefaults() {
        String jobId = register(uniqueId("defaults"));

        given().get("/jobs/{id}", jobId)
                .then()
                .statusCode(200)
                .body("checkpointing.interval", nullValue())
                .body("checkpointing.mode", equalTo("ALIGNED"))
                .body("checkpointing.alignedTimeout", equalTo("PT0S"))
                .body("checkpointing.timeout", equalTo("PT10M"))
                .body("checkpointing.minPause", equalTo("PT0S"))
                .body("checkpointing.maxConcurrent", equalTo(1))
                .body("checkpointing.tolerableFailures", equalTo(0))
                .body("checkpointing.retention", equalTo("NO_EXTERNALIZED_CHECKPOINTS"))
                .body("checkpointing.numRetained", equalTo(1));
    }

    @Test
    void generatesAJobIdWhenNoneIsGiven() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"anonymous\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}")
                .post("/jobs")
                .then()
                .statusCode(201)
                .body("jobId", matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void refusesADuplicateJobId() {
        String jobId = register(uniqueId("twice"));

        problem(
                        given().contentType(ContentType.JSON)
                                .body(jobBody(jobId))
                                .post("/jobs")
                                .then(),
                        409,
                        "job-already-exists")
                .body("jobId", equalTo(jobId));
    }

    @Test
    void listsJobsNewestFirstWithTheirTotal() {
        String first = register(uniqueId("list-a"));
        String second = register(uniqueId("list-b"));
        String third = register(uniqueId("list-c"));

        List<String> ids = given().queryParam("size", 500)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(500))
                .extract()
                .jsonPath()
                .getList("items.jobId", String.class);
        assertThat(ids).containsSubsequence(third, second, first);

        given().queryParam("size", 2)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
    }

    @Test
    void filtersTheListByState() {
        String ended = register(uniqueId("ended"));
        given().post("/jobs/{id}/finish", ended).then().statusCode(200);

        given().queryParam("state", "FINISHED")
                .queryParam("size", 500)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body("items.jobId", hasItem(ended))
                .body("items.state", not(hasItem("RUNNING")));
    }

    @Test
    void anUnknownJobIsA404NamingIt() {
        problem(given().get("/jobs/{id}", "no-such-job").then(), 404, "job-not-found")
                .body("jobId", equalTo("no-such-job"));
    }

    // --- checkpointing patch ---

    @Test
    void mergePatchChangesOnlyTheFieldsItNames() {
        String jobId =
                registerWith(uniqueId("patch"), "{\"interval\":\"PT30S\",\"numRetained\":2,\"timeout\":\"PT5M\"}");

        given().contentType("application/merge-patch+json")
                .body("{\"numRetained\":5,\"mode\":\"UNALIGNED\"}")
                .patch("/jobs/{id}/checkpointing", jobId)
                .then()
                .statusCode(200)
                .body("checkpointing.numRetained", equalTo(5))
                .body("checkpointing.mode", equalTo("UNALIGNED"))
                .body("checkpointing.interval", equalTo("PT30S"))
                .body("checkpointing.timeout", equalTo("PT5M"));
        given().get("/jobs/{id}", jobId).then().body("checkpointing.numRetained", equalTo(5));
    }

    @Test
    void nullIntervalTurnsPeriodicCheckpointingOffAndNullElsewhereRestoresTheDefault() {
        String jobId = registerWith(uniqueId("patch-null"), "{\"interval\":\"PT30S\",\"timeout\":\"PT5M\"}");

        given().contentType("application/merge-patch+json")
                .body("{\"interval\":null,\"timeout\":null}")
                .patch("/jobs/{id}/checkpointing", jobId)
                .then()
                .statusCode(200)
                .body("checkpointing.interval", nullValue())
                .body("checkpointing.timeout", equalTo("PT10M"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"numRetained\":0}                | validation-failed | numRetained",
                "{\"timeout\":\"PT-5S\"}            | validation-failed | timeout",
                "{\"interval\":\"thirty seconds\"}  | invalid-value     | interval",
                "{\"mode\":\"SIDEWAYS\"}            | invalid-value     | mode",
                "{\"numRetianed\":3}                | unknown-field     | numRetianed",
                "[1,2]                              | invalid-request   | checkpointing"
            })
    void anInvalidPatchIsRefusedAndChangesNothing(String patch, String type, String field) {
        String jobId = registerWith(uniqueId("patch-bad"), "{\"numRetained\":2}");

        problem(
                        given().contentType("application/merge-patch+json")
                                .body(patch)
                                .patch("/jobs/{id}/checkpointing", jobId)
                                .then(),
                        400,
                        type)
                .body("field", equalTo(field));
        given().get("/jobs/{id}", jobId).then().body("checkpointing.numRetained", equalTo(2));
    }

    @Test
    void anEndedJobCannotBeReconfigured() {
        String jobId = register(uniqueId("patch-ended"));
        given().post("/jobs/{id}/cancel", jobId).then().statusCode(200);

        problem(
                        given().contentType("application/merge-patch+json")
                                .body("{\"numRetained\":3}")
                                .patch("/jobs/{id}/checkpointing", jobId)
                                .then(),
                        409,
                        "job-not-running")
                .body("state", equalTo("CANCELED"));
    }

    // --- lifecycle ---

    @Test
    void cancelFailAndFinishEndARunningJobOnce() {
        String cancelled = register(uniqueId("cancel"));
        String failed = register(uniqueId("fail"));
        String finished = register(uniqueId("finish"));

        given().post("/jobs/{id}/cancel", cancelled)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELED"))
                .body("endedAt", not(nullValue()));
        given().contentType(ContentType.JSON)
                .body("{\"reason\":\"TaskManager lost\"}")
                .post("/jobs/{id}/fail", failed)
                .then()
                .statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("stateReason", equalTo("TaskManager lost"));
        given().post("/jobs/{id}/finish", finished).then().statusCode(200).body("state", equalTo("FINISHED"));

        problem(given().post("/jobs/{id}/cancel", cancelled).then(), 409, "job-not-running");
        problem(given().post("/jobs/{id}/finish", failed).then(), 409, "job-not-running");
        problem(given().post("/jobs/{id}/fail", finished).then(), 409, "job-not-running");
        given().get("/jobs/{id}", failed).then().body("state", equalTo("FAILED"));
    }

    @Test
    void failingWithoutABodyRecordsADefaultReason() {
        String jobId = register(uniqueId("fail-nobody"));

        given().post("/jobs/{id}/fail", jobId)
                .then()
                .statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("stateReason", containsString("engine"));
    }

    @Test
    void endingAnUnknownJobIsA404() {
        problem(given().post("/jobs/{id}/cancel", "ghost").then(), 404, "job-not-found");
    }

    // --- agents ---

    /** A request signed as the job's agents sign (the agent endpoints take nothing else). */
    private io.restassured.specification.RequestSpecification asAgentOf(String jobId) {
        return given().filter(TestAuth.signedAs(TestAuth.agentSecret("http://127.0.0.1:" + port, jobId)));
    }

    @Test
    void agentsRegisterThenRenewAndTheListNamesWhatIsMissing() {
        String jobId = register(uniqueId("agents"));

        asAgentOf(jobId)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"http://127.0.0.1:9301\"}")
                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                .then()
                .statusCode(201)
                .body("url", equalTo("http://127.0.0.1:9301"));
        String firstSeen =
                given().get("/jobs/{id}/agents", jobId).then().extract().path("agents[0].lastSeenAt");
        asAgentOf(jobId)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"http://127.0.0.1:9301/\"}")
                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                .then()
                .statusCode(200);

        given().get("/jobs/{id}/agents", jobId)
                .then()
                .statusCode(200)
                .body("expected", equalTo(3))
                .body("registered", equalTo(1))
                .body("missing", equalTo(List.of("source/1", "sink/0")))
                .body("agents[0].taskId", equalTo("source"))
                .body("agents[0].lastSeenAt", not(equalTo(firstSeen)));
    }

    @Test
    void renewalsAtTheSameUrlReachTheListAndStopWhenTheJobEnds() {
        String jobId = register(uniqueId("agents-renew"));
        String registeredAt = putAgent(jobId, "http://127.0.0.1:9302")
                .statusCode(201)
                .extract()
                .path("lastSeenAt");
        await().until(() -> !Instant.now().isBefore(Instant.parse(registeredAt).plusMillis(5)));

        String renewedAt = putAgent(jobId, "http://127.0.0.1:9302")
                .statusCode(200)
                .extract()
                .path("lastSeenAt");

        assertThat(Instant.parse(renewedAt)).isAfter(Instant.parse(registeredAt));
        await().untilAsserted(() -> given().get("/jobs/{id}/agents", jobId)
                .then()
                .body("agents[0].lastSeenAt", equalTo(renewedAt))
                .body("agents[0].url", equalTo("http://127.0.0.1:9302")));
        // Answered from memory, read and answered as the registry would.
        putAgent(jobId, "http://127.0.0.1:9302")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("taskId", equalTo("source"))
                .body("subtask", equalTo(0))
                .body("url", equalTo("http://127.0.0.1:9302"))
                .body("registeredAt", equalTo(registeredAt));
        problem(
                asAgentOf(jobId)
                        .contentType(ContentType.JSON)
                        .body("{\"url\":\"http://127.0.0.1:9302\",\"urll\":\"x\"}")
                        .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                        .then(),
                400,
                "unknown-field");
        given().post("/jobs/{id}/finish", jobId).then().statusCode(200);
        problem(putAgent(jobId, "http://127.0.0.1:9302"), 409, "job-not-running");
    }

    private ValidatableResponse putAgent(String jobId, String url) {
        return asAgentOf(jobId)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"" + url + "\"}")
                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                .then();
    }

    @ParameterizedTest
    @CsvSource({"nope,0", "source,2", "source,-1"})
    void anAgentForASubtaskTheJobDoesNotHaveIsA404(String task, int subtask) {
        String jobId = register(uniqueId("agents-unknown"));

        problem(
                        asAgentOf(jobId)
                                .contentType(ContentType.JSON)
                                .body("{\"url\":\"http://127.0.0.1:9301\"}")
                                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, task, subtask)
                                .then(),
                        404,
                        "subtask-not-found")
                .body("taskId", equalTo(task));
        given().get("/jobs/{id}/agents", jobId).then().body("registered", equalTo(0));
    }

    @ParameterizedTest
    @CsvSource({"ftp://127.0.0.1/x", "not a url", "http://", "http://user:pw@host:1", "/relative/path"})
    void anAgentUrlThatIsNotAnHttpAddressIsRefused(String url) {
        String jobId = register(uniqueId("agents-url"));

        problem(
                        asAgentOf(jobId)
                                .contentType(ContentType.JSON)
                                .body("{\"url\":\"" + url + "\"}")
                                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("url"));
    }

    @ParameterizedTest
    @CsvSource({
        "http://169.254.169.254/latest,link-local",
        "http://[fe80::1]:80,link-local",
        "http://8.8.8.8:9300,cairn.coordinator.agent-networks",
        "http://100.64.0.1:9300,cairn.coordinator.agent-networks"
    })
    void anAgentUrlOutsideTheAgentNetworksIsRefusedNamingTheSetting(String url, String named) {
        String jobId = register(uniqueId("agents-ssrf"));

        problem(
                        asAgentOf(jobId)
                                .contentType(ContentType.JSON)
                                .body("{\"url\":\"" + url + "\"}")
                                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                                .then(),
                        400,
                        "invalid-request")
                .body("field", equalTo("url"))
                .body("detail", containsString(named));
        given().get("/jobs/{id}/agents", jobId).then().body("registered", equalTo(0));
    }

    @ParameterizedTest
    @CsvSource({"http://10.0.3.17:9250", "http://192.168.1.5:9250", "http://[::1]:9250", "http://localhost:9250"})
    void anAgentInAPrivateNetworkOrOnLoopbackRegisters(String url) {
        String jobId = register(uniqueId("agents-private"));

        asAgentOf(jobId)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"" + url + "\"}")
                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                .then()
                .statusCode(201);
    }

    @Test
    void anEndedJobTakesNoAgents() {
        String jobId = register(uniqueId("agents-ended"));
        given().post("/jobs/{id}/finish", jobId).then().statusCode(200);

        problem(
                asAgentOf(jobId)
                        .contentType(ContentType.JSON)
                        .body("{\"url\":\"http://127.0.0.1:9301\"}")
                        .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", 0)
                        .then(),
                409,
                "job-not-running");
    }

    @Test
    void aSubtaskThatIsNotANumberIsA400NamingIt() {
        String jobId = register(uniqueId("agents-nan"));

        problem(
                        asAgentOf(jobId)
                                .contentType(ContentType.JSON)
                                .body("{\"url\":\"http://127.0.0.1:9301\"}")
                                .put("/jobs/{id}/agents/{task}/{subtask}", jobId, "source", "first")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("field", equalTo("subtask"));
    }

    // --- bad requests to POST /jobs ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing name      | {\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}                                    | validation-failed | name",
                "no tasks          | {\"name\":\"n\",\"tasks\":[]}                                                          | validation-failed | tasks",
                "zero parallelism  | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":0}]}                      | validation-failed | tasks[0].parallelism",
                "traversal job id  | {\"jobId\":\"../etc\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]} | validation-failed | jobId",
                "dotted job id     | {\"jobId\":\"a..b\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}   | validation-failed | jobId",
                "bad task id       | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"a/b\",\"parallelism\":1}]}                    | validation-failed | tasks[0].taskId",
                "negative timeout  | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"timeout\":\"PT-1S\"}} | validation-failed | checkpointing.timeout",
                "absurd interval   | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"interval\":\"PT100000H\"}} | validation-failed | checkpointing.interval",
                "duplicate tasks   | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1},{\"taskId\":\"t\",\"parallelism\":2}]} | invalid-request | tasks",
                "unknown enum      | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"retention\":\"FOREVER\"}} | invalid-value | checkpointing.retention",
                "enum by number    | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"mode\":1}} | invalid-value | checkpointing.mode",
                "wrong type        | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":\"two\"}]}                 | invalid-value | tasks[0].parallelism",
                "fraction          | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1.5}]}                     | invalid-value | tasks[0].parallelism",
                "not a duration    | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"interval\":\"30s\"}} | invalid-value | checkpointing.interval",
                "unknown field     | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"owner\":\"me\"}      | unknown-field | owner",
                "outside root      | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointRoot\":\"file:/tmp/elsewhere\"} | invalid-checkpoint-root | checkpointRoot",
                "other scheme      | {\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointRoot\":\"s3://bucket/x\"} | invalid-checkpoint-root | checkpointRoot"
            })
    void anInvalidRegistrationIsA400NamingTheFieldAndWritesNothing(
            String name, String body, String type, String field) {
        long jobsBefore = totalJobs();
        List<String> dirsBefore = jobDirectories();

        problem(given().contentType(ContentType.JSON).body(body).post("/jobs").then(), 400, type)
                .body("field", equalTo(field));

        assertThat(totalJobs()).isEqualTo(jobsBefore);
        assertThat(jobDirectories()).isEqualTo(dirsBefore);
    }

    @Test
    void malformedJsonIsA400() {
        problem(
                given().contentType(ContentType.JSON)
                        .body("{\"name\":\"n\",")
                        .post("/jobs")
                        .then(),
                400,
                "malformed-json");
        problem(
                given().contentType(ContentType.JSON)
                        .body("{\"name\":\"n\"} trailing")
                        .post("/jobs")
                        .then(),
                400,
                "malformed-json");
    }

    @Test
    void aMissingBodyIsA400() {
        problem(given().contentType(ContentType.JSON).post("/jobs").then(), 400, "missing-body");
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415() {
        problem(
                given().contentType(ContentType.TEXT)
                        .body("name=x")
                        .post("/jobs")
                        .then(),
                415,
                "unsupported-media-type");
    }

    @Test
    void aBodyOverTheLimitIsA413AndRegistersNothing() {
        long jobsBefore = totalJobs();
        String huge = "x".repeat(100 * 1024);

        problem(
                given().contentType(ContentType.JSON)
                        .body("{\"name\":\"" + huge + "\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}")
                        .post("/jobs")
                        .then(),
                413,
                "payload-too-large");

        assertThat(totalJobs()).isEqualTo(jobsBefore);
    }

    @Test
    void anUnmappedPathAndAWrongMethodAnswerProblems() {
        problem(given().get("/nothing-here").then(), 404, "not-found");
        problem(given().delete("/jobs").then(), 405, "method-not-allowed");
    }

    @Test
    void pagingParametersOutOfRangeAreRefused() {
        problem(given().queryParam("size", 501).get("/jobs").then(), 400, "invalid-request")
                .body("field", equalTo("size"));
        problem(given().queryParam("page", -1).get("/jobs").then(), 400, "invalid-request")
                .body("field", equalTo("page"));
        problem(given().queryParam("state", "SLEEPING").get("/jobs").then(), 400, "invalid-parameter")
                .body("field", equalTo("state"));
    }

    // --- helpers ---

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:" + type))
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body("detail", not(nullValue()))
                .body(not(containsString("Exception")))
                .body(not(containsString("at io.cairn")));
    }

    private static String register(String jobId) {
        given().contentType(ContentType.JSON)
                .body(jobBody(jobId))
                .post("/jobs")
                .then()
                .statusCode(201);
        return jobId;
    }

    private static String registerWith(String jobId, String checkpointing) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],"
                        + "\"checkpointing\":" + checkpointing + "}")
                .post("/jobs")
                .then()
                .statusCode(201);
        return jobId;
    }

    private static String jobBody(String jobId) {
        return "{\"jobId\":\"" + jobId + "\",\"name\":\"test\",\"tasks\":[{\"taskId\":\"source\",\"parallelism\":2},"
                + "{\"taskId\":\"sink\",\"parallelism\":1}]}";
    }

    private static long totalJobs() {
        return given().get("/jobs").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    private static List<String> jobDirectories() {
        try (var dirs = Files.list(dataDir.resolve("checkpoints"))) {
            return dirs.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
