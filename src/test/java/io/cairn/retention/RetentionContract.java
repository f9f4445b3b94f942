package io.cairn.retention;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.cairn.job.JobState;
import io.cairn.job.RetentionMode;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every cell of DESIGN section 4's retention table, against real agents and real files, run on
 * each file system Cairn serves: what a job's end, a subsumption, a failed checkpoint and a user's
 * delete leave on storage and in the catalog.
 */
abstract class RetentionContract {

    @LocalServerPort
    int port;

    private TestAgents agents;
    private String jobId;

    /** Whether a path relative to the checkpoint root exists. */
    protected abstract boolean exists(String path) throws Exception;

    protected abstract void createFile(String path) throws Exception;

    protected abstract Configuration agentConfiguration();

    /**
     * Whether this storage runs that row of the retention table. The table is the catalog's logic
     * and is the same on every storage; a slower storage may run only rows that both keep and
     * delete files there.
     */
    protected boolean covers(RetentionMode mode, JobState end) {
        return true;
    }

    @BeforeEach
    void setUp() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        RestAssured.basePath = "/api/v1";
        jobId = "ret-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        if (agents != null) {
            agents.close();
        }
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
        "NO_EXTERNALIZED_CHECKPOINTS, FINISHED, false",
        "NO_EXTERNALIZED_CHECKPOINTS, CANCELED, false",
        "NO_EXTERNALIZED_CHECKPOINTS, FAILED,   false",
        "DELETE_ON_CANCELLATION,      FINISHED, false",
        "DELETE_ON_CANCELLATION,      CANCELED, false",
        "DELETE_ON_CANCELLATION,      FAILED,   true",
        "RETAIN_ON_CANCELLATION,      FINISHED, false",
        "RETAIN_ON_CANCELLATION,      CANCELED, true",
        "RETAIN_ON_CANCELLATION,      FAILED,   true"
    })
    void subsumptionAndTheJobsEndFollowTheRetentionTable(RetentionMode mode, JobState end, boolean kept)
            throws Exception {
        Assumptions.assumeTrue(covers(mode, end), "this row runs on the local file system");
        startJob(mode, 2);
        complete(1);
        complete(2);
        complete(3);

        awaitStatus(1, "DISCARDED");
        await().untilAsserted(() -> {
            assertThat(exists(jobId + "/chk-1")).isFalse();
            assertThat(exists(jobId + "/shared/a-0/sst-1")).isFalse();
        });
        assertThat(status(2)).isEqualTo("COMPLETED");
        assertThat(exists(jobId + "/chk-3/_metadata")).isTrue();
        createFile(jobId + "/taskowned/a-0/log");

        endJob(end);

        if (kept) {
            awaitStatus(2, "RETAINED");
            awaitStatus(3, "RETAINED");
            assertThat(exists(jobId + "/chk-2/_metadata")).isTrue();
            assertThat(exists(jobId + "/shared/a-0/sst-3")).isTrue();
            given().queryParam("status", "RETAINED")
                    .get("/jobs/{job}/checkpoints", jobId)
                    .then()
                    .body("items.checkpointId", equalTo(List.of(3, 2)));
        } else {
            awaitStatus(2, "DISCARDED");
            awaitStatus(3, "DISCARDED");
            await().untilAsserted(() -> {
                assertThat(exists(jobId + "/chk-3")).isFalse();
                assertThat(exists(jobId + "/shared/a-0/sst-3")).isFalse();
            });
        }
        assertThat(exists(jobId + "/taskowned/a-0/log")).isTrue();
    }

    @Test
    void aRetainedCheckpointStaysUntilAUserDeletesIt() throws Exception {
        startJob(RetentionMode.RETAIN_ON_CANCELLATION, 1);
        complete(1);
        endJob(JobState.CANCELED);
        awaitStatus(1, "RETAINED");

        given().delete("/jobs/{job}/checkpoints/{id}", jobId, 1).then().statusCode(202);

        awaitStatus(1, "DISCARDED");
        await().untilAsserted(() -> {
            assertThat(exists(jobId + "/chk-1")).isFalse();
            assertThat(exists(jobId + "/shared/b-0/sst-1")).isFalse();
        });
        given().delete("/jobs/{job}/checkpoints/{id}", jobId, 1)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:checkpoint-not-deletable"));
        given().delete("/jobs/{job}/checkpoints/{id}", jobId, 42).then().statusCode(404);
    }

    @Test
    void aFailedCheckpointLeavesNothingBehind() throws Exception {
        startJob(RetentionMode.NO_EXTERNALIZED_CHECKPOINTS, 1);
        agents.behave("b/0", Behaviour.DECLINE);

        long id = trigger();
        awaitStatus(id, "FAILED");

        await().untilAsserted(() -> assertThat(exists(jobId + "/chk-" + id)).isFalse());
        given().delete("/jobs/{job}/checkpoints/{id}", jobId, id).then().statusCode(202);
        awaitStatus(id, "DISCARDED");
    }

    @Test
    void aPendingCheckpointCannotBeDeleted() {
        startJob(RetentionMode.NO_EXTERNALIZED_CHECKPOINTS, 1);
        agents.behave("a/0", Behaviour.HANG);
        long id = trigger();

        given().delete("/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("in progress"));
    }

    private void startJob(RetentionMode mode, int numRetained) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"r\",\"tasks\":["
                        + "{\"taskId\":\"a\",\"parallelism\":1},{\"taskId\":\"b\",\"parallelism\":1}],"
                        + "\"checkpointing\":{\"retention\":\"" + mode + "\",\"numRetained\":" + numRetained + "}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        agents = new TestAgents("http://127.0.0.1:" + port, jobId, agentConfiguration())
                .start("a", 1)
                .start("b", 1);
    }

    private void endJob(JobState end) {
        String action = switch (end) {
            case CANCELED -> "cancel";
            case FAILED -> "fail";
            case FINISHED -> "finish";
            case RUNNING -> throw new IllegalArgumentException();
        };
        given().post("/jobs/{job}/" + action, jobId).then().statusCode(200);
    }

    private long trigger() {
        return given().post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private void complete(long expectedId) {
        assertThat(trigger()).isEqualTo(expectedId);
        awaitStatus(expectedId, "COMPLETED");
    }

    private String status(long id) {
        return given().get("/jobs/{job}/checkpoints/{id}", jobId, id)
                .then()
                .extract()
                .path("status");
    }

    private void awaitStatus(long id, String expected) {
        await().atMost(Duration.ofSeconds(60)).until(() -> expected.equals(status(id)));
    }
}
