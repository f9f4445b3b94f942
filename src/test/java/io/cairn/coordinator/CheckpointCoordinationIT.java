package io.cairn.coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.StateHandleRef;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Checkpoints end to end: Cairn on a real port, eight agents built on the SDK, each a real HTTP
 * server on loopback, writing real files. Every outcome is awaited, never slept for.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cairn.coordinator.agent-probe-interval=200ms",
            "cairn.coordinator.scheduler-tick=50ms",
            // The scheduler must learn of registrations and changes as they happen, not by re-reading.
            "cairn.coordinator.schedule-refresh=1h"
        })
class CheckpointCoordinationIT {

    private static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private TestAgents agents;
    private String agentSecret;
    private String jobId;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        dataDir = IsolatedData.register(registry, "coordination");
    }

    @BeforeEach
    void setUp() {
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopAgents() {
        if (agents != null) {
            agents.close();
        }
    }

    @Test
    void anAlignedCheckpointCompletesAcrossEightAgentsAndItsMetadataListsEveryHandle() throws Exception {
        startJobWithAgents("{}");

        long id = trigger("{\"alignment\":\"ALIGNED\"}");
        JsonPath checkpoint = awaitStatus(id, "COMPLETED");

        assertThat(checkpoint.getString("alignment")).isEqualTo("ALIGNED");
        assertThat(checkpoint.getInt("numAcknowledged")).isEqualTo(8);
        assertThat(checkpoint.getLong("stateSize")).isGreaterThan(8 * 30 * 1024);
        assertThat(checkpoint.getList("tasks.taskId")).containsExactly("source", "count");
        assertThat(checkpoint.getList("tasks[1].subtasks.subtask")).containsExactly(0, 1, 2, 3, 4);
        assertThat(checkpoint.getLong("tasks[1].subtasks[4].watermark")).isEqualTo(1_000_004L);

        JsonNode metadata = metadata(id);
        assertThat(metadata.get("tasks")).hasSize(2);
        for (JsonNode task : metadata.get("tasks")) {
            for (JsonNode subtask : task.get("subtasks")) {
                List<String> locations = subtask.get("handles")
                        .valueStream()
                        .map(handle -> handle.get("location").asString())
                        .toList();
                assertThat(locations).containsExactlyInAnyOrder("INLINE", "EXCLUSIVE", "SHARED");
            }
        }
        Path chk = checkpointDir(id);
        assertThat(Files.list(chk).map(path -> path.getFileName().toString()).toList())
                .contains("_metadata", "source-0", "count-4")
                .doesNotContain("._metadata_temp");
        assertThat(chk.resolve("count-4").resolve("keyed-state")).hasSize(30 * 1024);
        given().get("/jobs/{job}/checkpoints/latest", jobId)
                .then()
                .statusCode(200)
                .body("checkpointId", equalTo((int) id));
    }

    @Test
    void aJobRescaledThroughAnotherReplicaIsTriggeredWithItsNewShape() {
        startJobWithAgents("{}");
        awaitStatus(trigger(null), "COMPLETED");

        // What another replica's rescale of "count" from 5 to 4 subtasks leaves in the shared catalog.
        long jobPk = jdbc.queryForObject("SELECT id FROM jobs WHERE job_id = ?", Long.class, jobId);
        jdbc.update("UPDATE job_tasks SET parallelism = 4 WHERE job_pk = ? AND task_id = 'count'", jobPk);
        jdbc.update("UPDATE jobs SET version = version + 1 WHERE id = ?", jobPk);

        JsonPath rescaled = awaitStatus(trigger(null), "COMPLETED");
        assertThat(rescaled.getInt("numAcknowledged")).isEqualTo(7);
        assertThat(rescaled.getList("tasks[1].subtasks.subtask")).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anUnalignedCheckpointCompletesWithItsInFlightBytesRecorded() {
        startJobWithAgents("{\"mode\":\"UNALIGNED\"}");

        long id = trigger(null);
        JsonPath checkpoint = awaitStatus(id, "COMPLETED");

        assertThat(checkpoint.getString("alignment")).isEqualTo("UNALIGNED");
        assertThat(checkpoint.getLong("inFlightBytes")).isPositive();
        assertThat(checkpoint.getList("tasks.subtasks.flatten().unaligned", Boolean.class))
                .containsOnly(true);
        assertThat(metadata(id).get("tasks").get(0).get("subtasks").get(0).get("inFlight"))
                .hasSize(1);
    }

    @Test
    void anAlignedCheckpointWhoseAlignmentTimedOutIsRecordedUnaligned() {
        startJobWithAgents("{\"alignedTimeout\":\"PT0.05S\"}");
        agents.alignmentTimesOut("count/2", Duration.ofMillis(50));

        long id = trigger("{\"alignment\":\"ALIGNED\"}");
        JsonPath checkpoint = awaitStatus(id, "COMPLETED");

        assertThat(checkpoint.getString("requestedAlignment")).isEqualTo("ALIGNED");
        assertThat(checkpoint.getString("alignment")).isEqualTo("UNALIGNED");
        assertThat(metadata(id).get("alignment").asString()).isEqualTo("UNALIGNED");
    }

    @Test
    void aDeclineAbortsTheCheckpointWithTheReasonAndRemovesItsDirectory() {
        startJobWithAgents("{}");
        agents.behave("count/3", Behaviour.DECLINE);

        long id = trigger(null);
        JsonPath checkpoint = awaitStatus(id, "FAILED");

        assertThat(checkpoint.getString("failureReason")).isEqualTo("DECLINED");
        assertThat(checkpoint.getString("failureMessage")).contains("count/3").contains("state backend");
        await().untilAsserted(() -> assertThat(checkpointDir(id)).doesNotExist());
    }

    @Test
    void aCheckpointAnAgentNeverAnswersExpiresAtTheTimeout() {
        startJobWithAgents("{\"timeout\":\"PT1S\"}");
        agents.behave("source/1", Behaviour.HANG);

        long id = trigger(null);
        JsonPath checkpoint = awaitStatus(id, "FAILED");

        assertThat(checkpoint.getString("failureReason")).isEqualTo("EXPIRED");
        assertThat(checkpoint.getString("failureMessage")).contains("source/1");
        assertThat(checkpoint.getLong("endToEndDurationMs")).isGreaterThanOrEqualTo(1000);
        await().untilAsserted(() -> assertThat(checkpointDir(id)).doesNotExist());
    }

    @Test
    void anAgentThatDiesMidCheckpointAbortsItBeforeTheTimeout() {
        startJobWithAgents("{\"timeout\":\"PT5M\"}");
        agents.behave("count/0", Behaviour.DIE);

        long id = trigger(null);
        JsonPath checkpoint = awaitStatus(id, "FAILED");

        assertThat(checkpoint.getString("failureReason")).isEqualTo("AGENT_LOST");
        assertThat(checkpoint.getString("failureMessage")).contains("count/0");
    }

    @Test
    void aDuplicateAckCountsOnceAndALateAckIsDiscardedWithItsFiles() throws Exception {
        startJobWithAgents("{\"timeout\":\"PT1S\"}");
        agents.behave("count/4", Behaviour.HANG);
        long id = trigger(null);
        // While pending, the checkpoint and its tasks count the same acks.
        await().until(() -> checkpoint(id).getInt("numAcknowledged") == 7 && pendingAcks(id) == 7);

        String ack = ack(id, "count", 4);
        asAgent()
                .contentType(ContentType.JSON)
                .body(ack)
                .post("/jobs/{job}/checkpoints/{id}/acks", jobId, id)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ACCEPTED"));
        awaitStatus(id, "COMPLETED");
        asAgent()
                .contentType(ContentType.JSON)
                .body(ack)
                .post("/jobs/{job}/checkpoints/{id}/acks", jobId, id)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("DUPLICATE"));
        assertThat(checkpoint(id).getInt("numAcknowledged")).isEqualTo(8);

        long expired = trigger(null);
        awaitStatus(expired, "FAILED");
        Files.createDirectories(checkpointDir(expired).resolve("count-4"));
        Files.writeString(checkpointDir(expired).resolve("count-4/late"), "written after the abort");
        Path lateShared = dataDir.resolve("checkpoints").resolve(jobId).resolve("shared/count-4/late-sst");
        Files.createDirectories(lateShared.getParent());
        Files.writeString(lateShared, "late shared state");
        asAgent()
                .contentType(ContentType.JSON)
                .body(lateAck(expired))
                .post("/jobs/{job}/checkpoints/{id}/acks", jobId, expired)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("DISCARDED"));
        await().untilAsserted(() -> {
            assertThat(checkpointDir(expired)).doesNotExist();
            assertThat(lateShared).doesNotExist();
        });
        asAgent()
                .contentType(ContentType.JSON)
                .body(ack(999, "count", 4))
                .post("/jobs/{job}/checkpoints/{id}/acks", jobId, 999)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("UNKNOWN"));
    }

    @Test
    void concurrentTriggersBeyondMaxConcurrentAreRefused() {
        startJobWithAgents("{\"maxConcurrent\":2}");
        agents.behave("source/0", Behaviour.HANG);

        List<Integer> statuses = java.util.stream.IntStream.range(0, 6)
                .parallel()
                .mapToObj(i -> given().post("/jobs/{job}/checkpoints", jobId)
                        .then()
                        .extract()
                        .statusCode())
                .toList();

        assertThat(statuses).filteredOn(status -> status == 202).hasSize(2);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(4);
        given().get("/jobs/{job}/checkpoints/stats", jobId).then().body("counts.inProgress", equalTo(2));
        given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:too-many-checkpoints"));
    }

    @Test
    void anUnalignedCheckpointRunsAlone() {
        startJobWithAgents("{\"maxConcurrent\":3}");
        agents.behave("source/0", Behaviour.HANG);

        trigger("{\"alignment\":\"UNALIGNED\"}");

        given().contentType(ContentType.JSON)
                .body("{\"alignment\":\"ALIGNED\"}")
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(409)
                .body("detail", containsString("unaligned"));
    }

    @Test
    void refusalsSayWhatToDo() {
        given().contentType(ContentType.JSON)
                .body(jobBody("{\"minPause\":\"PT1H\"}"))
                .post("/jobs")
                .then()
                .statusCode(201);

        given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:agents-missing"))
                .body("missing", hasItem("count/4"))
                .body("detail", containsString("source/0"));

        agents = new TestAgents(cairnUrl(), jobId).start("source", 3).start("count", 5);
        awaitStatus(trigger(null), "COMPLETED");
        given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)))
                .body("type", equalTo("urn:cairn:problem:checkpoint-too-soon"));

        given().post("/jobs/{job}/cancel", jobId).then().statusCode(200);
        given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:job-not-running"));
        given().contentType(ContentType.JSON)
                .body("{\"alignment\":\"SIDEWAYS\"}")
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(400)
                .body("field", equalTo("alignment"));
        given().post("/jobs/{job}/checkpoints", "no-such-job").then().statusCode(404);
    }

    @Test
    void endingAJobAbortsItsPendingCheckpoints() {
        startJobWithAgents("{}");
        agents.behave("source/2", Behaviour.HANG);
        long id = trigger(null);

        given().post("/jobs/{job}/finish", jobId).then().statusCode(200);

        JsonPath checkpoint = awaitStatus(id, "FAILED");
        assertThat(checkpoint.getString("failureReason")).isEqualTo("JOB_ENDED");
    }

    @Test
    void periodicCheckpointsRunAtTheJobsIntervalAndFollowItsChanges() {
        startJobWithAgents("{\"interval\":\"PT0.2S\"}");

        await().untilAsserted(() ->
                given().get("/jobs/{job}/checkpoints/stats", jobId).then().body("counts.completed", greaterThan(2)));
        patchInterval("null");
        await().until(() -> given().get("/jobs/{job}/checkpoints", jobId).path("items[0].status"), not("PENDING"));
        long triggered = triggeredCount();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> triggeredCount() == triggered);

        patchInterval("\"PT0.2S\"");
        await().until(() -> triggeredCount() > triggered + 2);
    }

    private void patchInterval(String interval) {
        given().contentType("application/merge-patch+json")
                .body("{\"interval\":" + interval + "}")
                .patch("/jobs/{job}/checkpointing", jobId)
                .then()
                .statusCode(200);
    }

    private long triggeredCount() {
        return given().get("/jobs/{job}/checkpoints/stats", jobId).jsonPath().getLong("counts.triggered");
    }

    @Test
    void statisticsSummariseCompletedCheckpoints() {
        startJobWithAgents("{}");
        awaitStatus(trigger(null), "COMPLETED");
        awaitStatus(trigger(null), "COMPLETED");
        agents.behave("source/0", Behaviour.DECLINE);
        awaitStatus(trigger(null), "FAILED");

        JsonPath stats = given().get("/jobs/{job}/checkpoints/stats", jobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(stats.getLong("counts.triggered")).isEqualTo(3);
        assertThat(stats.getLong("counts.completed")).isEqualTo(2);
        assertThat(stats.getLong("counts.failed")).isEqualTo(1);
        assertThat(stats.getInt("summary.window")).isEqualTo(2);
        assertThat(stats.getLong("summary.stateSize.min")).isPositive();
        assertThat(stats.getLong("summary.endToEndDurationMs.max"))
                .isGreaterThanOrEqualTo(stats.getLong("summary.endToEndDurationMs.p50"));
        assertThat(stats.getInt("latest.completed.checkpointId")).isEqualTo(2);
        assertThat(stats.getString("latest.failed.failureReason")).isEqualTo("DECLINED");
        given().queryParam("status", "FAILED")
                .get("/jobs/{job}/checkpoints", jobId)
                .then()
                .body("items.checkpointId", equalTo(List.of(3)));
    }

    @Test
    void checkpointMetricsAndHealthAreExposed() {
        startJobWithAgents("{\"tolerableFailures\":0}");
        awaitStatus(trigger(null), "COMPLETED");
        agents.behave("source/0", Behaviour.DECLINE);
        awaitStatus(trigger(null), "FAILED");

        String metrics = given().basePath("")
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("cairn_checkpoints_completed_total{alignment=\"ALIGNED\",cairn_job=\"" + jobId + "\"")
                .contains("cairn_checkpoints_failed_total{cairn_job=\"" + jobId + "\",reason=\"DECLINED\"")
                .contains("cairn_checkpoint_duration_seconds_bucket{cairn_job=\"" + jobId + "\",kind=\"CHECKPOINT\"")
                .contains("cairn_checkpoint_last_completed_id{cairn_job=\"" + jobId + "\"} 1.0")
                .doesNotContain("{job=");
        // Few buckets per job: a Prometheus with many jobs keeps its series count.
        assertThat(metrics.lines()
                        .filter(line ->
                                line.startsWith("cairn_checkpoint_duration_seconds_bucket{cairn_job=\"" + jobId + "\""))
                        .count())
                .isBetween(10L, 20L);
        assertThat(metrics.lines()
                        .filter(line ->
                                line.startsWith("cairn_checkpoint_size_bytes_bucket{cairn_job=\"" + jobId + "\""))
                        .count())
                .isBetween(10L, 20L);
        given().basePath("")
                .get("/actuator/health/checkpointing/{job}", jobId)
                .then()
                .body("status", equalTo("DEGRADED"))
                .body("details.consecutiveFailures", equalTo(1));

        agents.behave("source/0", Behaviour.ACK);
        awaitStatus(trigger(null), "COMPLETED");
        given().basePath("")
                .get("/actuator/health/checkpointing/{job}", jobId)
                .then()
                .body("status", equalTo("UP"));
    }

    // --- helpers ---

    private void startJobWithAgents(String checkpointing) {
        agentSecret = given().contentType(ContentType.JSON)
                .body(jobBody(checkpointing))
                .post("/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("agentSecret");
        agents = new TestAgents(cairnUrl(), jobId)
                .withSecret(agentSecret)
                .start("source", 3)
                .start("count", 5);
    }

    /** An ack posted by hand, signed as the job's agents sign theirs. */
    private io.restassured.specification.RequestSpecification asAgent() {
        return given().filter(TestAuth.signedAs(agentSecret));
    }

    private String jobBody(String checkpointing) {
        return "{\"jobId\":\"" + jobId + "\",\"name\":\"e2e\",\"tasks\":[{\"taskId\":\"source\",\"parallelism\":3},"
                + "{\"taskId\":\"count\",\"parallelism\":5}],\"checkpointing\":" + checkpointing + "}";
    }

    private String cairnUrl() {
        return "http://127.0.0.1:" + port;
    }

    private long trigger(String body) {
        var request =
                body == null ? given() : given().contentType(ContentType.JSON).body(body);
        return request.post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .header("Location", containsString("/checkpoints/"))
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private JsonPath checkpoint(long id) {
        return given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private int pendingAcks(long id) {
        return checkpoint(id).getList("tasks.subtasks.flatten()").size();
    }

    private JsonPath awaitStatus(long id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(checkpoint(id).getString("status")));
        return checkpoint(id);
    }

    private Path checkpointDir(long id) {
        return dataDir.resolve("checkpoints").resolve(jobId).resolve("chk-" + id);
    }

    private JsonNode metadata(long id) {
        try {
            return JsonMapper.builder()
                    .build()
                    .readTree(Files.readAllBytes(checkpointDir(id).resolve("_metadata")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String ack(long id, String task, int subtask) {
        return json(new Acknowledge(
                id,
                task,
                subtask,
                List.of(new StateHandleRef(
                        StateHandleRef.Location.INLINE,
                        null,
                        2,
                        "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        false,
                        false)),
                2,
                2,
                0,
                0,
                0,
                0,
                0,
                null,
                Alignment.ALIGNED));
    }

    private static String lateAck(long id) {
        return json(new Acknowledge(
                id,
                "count",
                4,
                List.of(
                        new StateHandleRef(StateHandleRef.Location.EXCLUSIVE, "count-4/late", 23, null, false, true),
                        new StateHandleRef(StateHandleRef.Location.SHARED, "count-4/late-sst", 17, null, false, true)),
                40,
                40,
                0,
                0,
                0,
                0,
                0,
                null,
                Alignment.ALIGNED));
    }

    private static String json(Object value) {
        return JsonMapper.builder().build().writeValueAsString(value);
    }
}
