package io.cairn.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * The ack contract as an agent written in another language meets it: acks sent by hand over HTTP.
 * A checkpoint completes only when every file its acks name is on storage as reported; anything
 * else ends it INVALID_ACK naming the subtask and the handle, and a COMPLETED one is restorable.
 */
class AckContractIT extends SharedCairn {

    private static final String JOB = "acks";
    private static final Path data = data();
    private static TestAgents agents;
    private static String secret;

    @LocalServerPort
    int port;

    @BeforeEach
    void jobWhoseAgentsLeaveAckingToTheTest() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        if (agents != null) {
            return;
        }
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + JOB + "\",\"name\":\"n\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":5}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        secret = TestAuth.agentSecret("http://127.0.0.1:" + port, JOB);
        // Registered and live, but they never ack by themselves: the test acks for them.
        agents = new TestAgents("http://127.0.0.1:" + port, JOB)
                .withSecret(secret)
                .behave("t/0", TestAgents.Behaviour.HANG)
                .behave("t/1", TestAgents.Behaviour.HANG)
                .start("t", 2);
    }

    @AfterAll
    static void stopAgents() {
        agents.close();
    }

    static Stream<Arguments> acksThatCannotComplete() {
        return Stream.of(
                Arguments.of(
                        "an exclusive file that does not exist",
                        null,
                        handle("EXCLUSIVE", "t-1/state", 128, false),
                        128,
                        "'t-1/state', which is not a regular file"),
                Arguments.of(
                        "a shared key never written",
                        null,
                        handle("SHARED", "t-1/sst-1", 16, true),
                        16,
                        "'t-1/sst-1', which is not a regular file"),
                Arguments.of(
                        "a size far above the file's",
                        "t-1/state",
                        handle("EXCLUSIVE", "t-1/state", 1_000_000_000_000L, false),
                        1_000_000_000_000L,
                        "of 1000000000000 bytes, but it has 128"),
                Arguments.of(
                        "a directory",
                        "t-1/dir/inner",
                        handle("EXCLUSIVE", "t-1/dir", 0, false),
                        0,
                        "'t-1/dir', which is not a regular file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acksThatCannotComplete")
    void anAckWhoseFilesAreNotAsReportedFailsTheCheckpointInvalidAck(
            String name, String fileToWrite, String handle, long stateSize, String reason) throws IOException {
        long id = trigger();
        if (fileToWrite != null) {
            Path file = data.resolve("checkpoints")
                    .resolve(JOB)
                    .resolve("chk-" + id)
                    .resolve(fileToWrite);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[128]);
        }
        ack(id, 0, inline("zero"), 4).statusCode(200).body("outcome", equalTo("ACCEPTED"));
        ack(id, 1, handle, stateSize).statusCode(200);

        awaitStatus(id, "FAILED");
        given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, id)
                .then()
                .body("failureReason", equalTo("INVALID_ACK"))
                .body("failureMessage", containsString("t"))
                .body("failureMessage", containsString(reason));
        assertThat(data.resolve("checkpoints").resolve(JOB).resolve("chk-" + id).resolve("_metadata"))
                .doesNotExist();
    }

    @Test
    void reusingASharedFileCairnDoesNotKeepFailsTheCheckpointAndTheNextWritesAllAnew() throws IOException {
        long id = trigger();
        // On storage, so the file checks pass, but no completed checkpoint ever registered it.
        Path reused = data.resolve("checkpoints").resolve(JOB).resolve("shared").resolve("t-1/sst-old");
        Files.createDirectories(reused.getParent());
        Files.write(reused, new byte[16]);
        ack(id, 0, inline("zero"), 4).statusCode(200);
        ack(id, 1, handle("SHARED", "t-1/sst-old", 16, false), 16).statusCode(200);

        awaitStatus(id, "FAILED");
        given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, id)
                .then()
                .body("failureReason", equalTo("INVALID_ACK"))
                .body("failureMessage", containsString("no longer retained: [t-1/sst-old]"));
        long next = trigger();
        given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, next).then().body("fullSnapshot", equalTo(true));
        ack(next, 0, inline("zero"), 4).statusCode(200);
        ack(next, 1, inline("one"), 3).statusCode(200);
        awaitStatus(next, "COMPLETED");
    }

    static Stream<Arguments> acksRefusedOnArrival() {
        return Stream.of(
                Arguments.of("_metadata as a state handle", handle("EXCLUSIVE", "_metadata", 10, false), 10),
                Arguments.of("a temporary _metadata name", handle("EXCLUSIVE", "t-1/._metadata_temp-x", 10, false), 10),
                Arguments.of("another subtask's file", handle("EXCLUSIVE", "t-0/state", 10, false), 10),
                Arguments.of(
                        "a new shared file under another subtask's prefix",
                        handle("SHARED", "t-0/sst-1", 10, true),
                        10),
                Arguments.of("a negative state size", inline("one"), -5),
                Arguments.of("a state size its handles do not add up to", inline("one"), 1_000_000_000_000L),
                Arguments.of("a negative handle size", handle("EXCLUSIVE", "t-1/state", -5, false), -5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acksRefusedOnArrival")
    void anAckBreakingTheRulesIsRefusedAndEndsTheCheckpoint(String name, String handle, long stateSize) {
        long id = trigger();
        ack(id, 1, handle, stateSize)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("handles"));
        awaitStatus(id, "FAILED");
        given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, id)
                .then()
                .body("failureReason", equalTo("INVALID_ACK"))
                .body("failureMessage", containsString("t"));
    }

    @Test
    void aRepeatedAckIsADuplicateAndADifferentOneIsAConflictTheFirstWinning() throws IOException {
        long id = trigger();
        Path file =
                data.resolve("checkpoints").resolve(JOB).resolve("chk-" + id).resolve("t-1/state");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[128]);

        ack(id, 1, handle("EXCLUSIVE", "t-1/state", 128, false), 128)
                .statusCode(200)
                .body("outcome", equalTo("ACCEPTED"));
        ack(id, 1, handle("EXCLUSIVE", "t-1/state", 128, false), 128)
                .statusCode(200)
                .body("outcome", equalTo("DUPLICATE"));
        ack(id, 1, inline("something else"), 14)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:conflicting-ack"));
        ack(id, 0, inline("zero"), 4).statusCode(200).body("outcome", equalTo("ACCEPTED"));

        awaitStatus(id, "COMPLETED");
        given().get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, id)
                .then()
                .body("stateSize", equalTo(132))
                .body("tasks[0].subtasks.find { it.subtask == 1 }.stateSize", equalTo(128));
        assertThat(Files.readString(data.resolve("checkpoints")
                        .resolve(JOB)
                        .resolve("chk-" + id)
                        .resolve("_metadata")))
                .contains("t-1/state");
    }

    @Test
    void anAckIsAnsweredAsTheApiDescribesWhicheverWayItTakes() {
        long id = trigger();
        String body = ackBody(id, 0, inline("zero"), 4);

        // Accepted acks skip Spring MVC; everything else must still get MVC's answers.
        signed(id, "{not json", ContentType.JSON, null).statusCode(400).contentType("application/problem+json");
        signed(id, body, ContentType.TEXT, null).statusCode(415);
        signed(id, body, ContentType.JSON, "text/plain").statusCode(406);
        signed(id, body, ContentType.JSON, null)
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("checkpointId", equalTo((int) id))
                .body("outcome", equalTo("ACCEPTED"));
        signed(id, body, ContentType.JSON, "application/json").statusCode(200).body("outcome", equalTo("DUPLICATE"));
        ack(id, 1, inline("one"), 3).statusCode(200).body("outcome", equalTo("ACCEPTED"));
        awaitStatus(id, "COMPLETED");

        // Timed under the route, as every other call is, not as an unknown URI.
        given().get("/actuator/prometheus")
                .then()
                .body(matchesPattern("(?s).*http_server_requests_seconds_count\\{[^}]*status=\"200\","
                        + "uri=\"/api/v1/jobs/\\{jobId}/checkpoints/\\{checkpointId}/acks\"}.*"));
    }

    @Test
    void aCountedAckIsAlsoTheAgentsRenewalAndAnUncountedOneIsNot() {
        long id = trigger();

        ack(id, 0, inline("zero"), 4)
                .statusCode(200)
                .body("outcome", equalTo("ACCEPTED"))
                .body("renewed", equalTo(true));
        ack(id, 0, inline("zero"), 4)
                .statusCode(200)
                .body("outcome", equalTo("DUPLICATE"))
                .body("renewed", equalTo(true));
        ack(id + 1_000, 0, inline("zero"), 4)
                .statusCode(200)
                .body("outcome", equalTo("UNKNOWN"))
                .body("renewed", equalTo(false));

        ack(id, 1, inline("one"), 3).statusCode(200).body("outcome", equalTo("ACCEPTED"));
        awaitStatus(id, "COMPLETED");
    }

    private static ValidatableResponse signed(long id, String body, ContentType type, String accept) {
        var request = given().contentType(type).body(body).filter(TestAuth.signedAs(secret));
        if (accept != null) {
            request.accept(accept);
        }
        return request.post("/api/v1/jobs/{job}/checkpoints/{id}/acks", JOB, id).then();
    }

    @Test
    void statisticsAgreeAtEveryLevelAndTriggeredIsCompletedPlusFailedPlusInProgress() {
        String job = "mixed";
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"n\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"maxConcurrent\":3,"
                        + "\"tolerableFailures\":5}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        String mixedSecret = TestAuth.agentSecret("http://127.0.0.1:" + port, job);
        try (TestAgents silent = new TestAgents("http://127.0.0.1:" + port, job)
                .withSecret(mixedSecret)
                .behave("t/0", TestAgents.Behaviour.HANG)
                .behave("t/1", TestAgents.Behaviour.HANG)
                .start("t", 2)) {
            long overtaken = trigger(job);
            ack(job, mixedSecret, overtaken, 0, inline("zero"), 4).statusCode(200);
            long completed = trigger(job);
            ack(job, mixedSecret, completed, 0, inline("zero"), 4).statusCode(200);
            ack(job, mixedSecret, completed, 1, inline("one"), 3).statusCode(200);
            awaitStatus(job, completed, "COMPLETED");
            long declined = trigger(job);
            given().contentType(ContentType.JSON)
                    .filter(TestAuth.signedAs(mixedSecret))
                    .body("{\"checkpointId\":" + declined + ",\"taskId\":\"t\",\"subtask\":1,\"reason\":\"no\"}")
                    .post("/api/v1/jobs/{job}/checkpoints/{id}/declines", job, declined)
                    .then()
                    .statusCode(200);
            long inProgress = trigger(job);
            ack(job, mixedSecret, inProgress, 1, inline("one"), 3).statusCode(200);

            awaitStatus(job, overtaken, "FAILED");
            given().get("/api/v1/jobs/{job}/checkpoints/{id}", job, overtaken)
                    .then()
                    .body("failureReason", equalTo("SUBSUMED"))
                    .body("numAcknowledged", equalTo(1))
                    .body("tasks[0].numAcknowledged", equalTo(1));
            given().get("/api/v1/jobs/{job}/checkpoints/{id}", job, inProgress)
                    .then()
                    .body("status", equalTo("PENDING"))
                    .body("numAcknowledged", equalTo(1))
                    .body("tasks[0].numAcknowledged", equalTo(1));
            given().get("/api/v1/jobs/{job}/checkpoints", job)
                    .then()
                    .body("items.find { it.checkpointId == " + inProgress + " }.numAcknowledged", equalTo(1))
                    .body("items.find { it.checkpointId == " + overtaken + " }.numAcknowledged", equalTo(1));
            var counts = given().get("/api/v1/jobs/{job}/checkpoints/stats", job)
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(counts.getLong("counts.triggered")).isEqualTo(4);
            assertThat(counts.getLong("counts.completed")).isEqualTo(1);
            assertThat(counts.getLong("counts.failed")).isEqualTo(2);
            assertThat(counts.getLong("counts.inProgress")).isEqualTo(1);
            assertThat(counts.getLong("counts.triggered"))
                    .isEqualTo(counts.getLong("counts.completed")
                            + counts.getLong("counts.failed")
                            + counts.getLong("counts.inProgress"));
            assertThat(counts.getLong("latest.failed.checkpointId")).isEqualTo(declined);
        }
    }

    private static String handle(String location, String path, long size, boolean newlyCreated) {
        return "{\"location\":\"" + location + "\",\"path\":\"" + path + "\",\"size\":" + size
                + ",\"inFlight\":false,\"newlyCreated\":" + newlyCreated + "}";
    }

    private static String inline(String text) {
        return "{\"location\":\"INLINE\",\"size\":" + text.length() + ",\"inline\":\""
                + Base64.getEncoder().encodeToString(text.getBytes()) + "\",\"inFlight\":false,\"newlyCreated\":false}";
    }

    private static ValidatableResponse ack(long id, int subtask, String handle, long stateSize) {
        return ack(JOB, secret, id, subtask, handle, stateSize);
    }

    private static ValidatableResponse ack(
            String job, String agentSecret, long id, int subtask, String handle, long stateSize) {
        return given().contentType(ContentType.JSON)
                .body(ackBody(id, subtask, handle, stateSize))
                .filter(TestAuth.signedAs(agentSecret))
                .post("/api/v1/jobs/{job}/checkpoints/{id}/acks", job, id)
                .then();
    }

    private static String ackBody(long id, int subtask, String handle, long stateSize) {
        return "{\"checkpointId\":" + id + ",\"taskId\":\"t\",\"subtask\":" + subtask + ",\"handles\":["
                + handle + "],\"stateSize\":" + stateSize + ",\"checkpointedSize\":0,\"inFlightBytes\":0,"
                + "\"alignmentMs\":0,\"startDelayMs\":0,\"syncMs\":0,\"asyncMs\":0,\"alignmentUsed\":\"ALIGNED\"}";
    }

    private static long trigger() {
        return trigger(JOB);
    }

    private static long trigger(String job) {
        return given().post("/api/v1/jobs/{job}/checkpoints", job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(long id, String status) {
        awaitStatus(JOB, id, status);
    }

    private static void awaitStatus(String job, long id, String status) {
        await().until(() -> status.equals(given().get("/api/v1/jobs/{job}/checkpoints/{id}", job, id)
                .then()
                .extract()
                .path("status")));
    }
}
