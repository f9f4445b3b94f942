package io.cairn.coordinator;

import java.nio.file.Path;
import java.util.List;

import io.cairn.testing.CairnProcess;
import io.cairn.testing.RunsAlongside;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAgents.Behaviour;
import io.cairn.testing.TestDirectories;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** SIGTERM mid-checkpoint: the checkpoint is aborted with SHUTDOWN, agents hear it, nothing is left behind. */
@RunsAlongside
class GracefulShutdownIT {

    @Test
    void sigtermAbortsThePendingCheckpointTellsTheAgentsAndLeavesNoOrphan() throws Exception {
        Path dir = TestDirectories.fresh("sigterm");
        List<String> args = List.of(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                "--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints"));
        long pending;
        try (CairnProcess cairn = CairnProcess.start(dir.resolve("cairn.log"), args);
                TestAgents agents = new TestAgents(cairn.url(), "stopping")) {
            RequestSpecification api = cairn.api();
            given(api)
                    .contentType(ContentType.JSON)
                    .body("{\"jobId\":\"stopping\",\"name\":\"s\",\"tasks\":["
                            + "{\"taskId\":\"t\",\"parallelism\":2}]}")
                    .post("/api/v1/jobs")
                    .then()
                    .statusCode(201);
            agents.start("t", 2).behave("t/1", Behaviour.HANG);
            pending = given(api)
                    .post("/api/v1/jobs/stopping/checkpoints")
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            // t/0's ack is in (its files are known to Cairn); t/1 hangs, so the checkpoint stays pending.
            await().until(() -> given(api)
                            .get("/api/v1/jobs/stopping/checkpoints/{id}", pending)
                            .then()
                            .extract()
                            .jsonPath()
                            .getInt("numAcknowledged")
                    == 1);

            // The checkpoint's timeout is 10 minutes: stopping within terminate()'s one-minute bound shows
            // the stop aborted it instead of waiting for it (how fast is the benchmarks' business).
            assertThat(cairn.terminate()).isIn(0, 143);
            assertThat(agents.aborted()).contains(pending);
        }
        assertThat(dir.resolve("checkpoints/stopping/chk-" + pending)).doesNotExist();

        try (CairnProcess cairn = CairnProcess.start(dir.resolve("cairn.log"), args)) {
            RequestSpecification api = cairn.api();
            given(api)
                    .get("/api/v1/jobs/stopping/checkpoints/{id}", pending)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("failureReason", equalTo("SHUTDOWN"));
            given(api).get("/api/v1/maintenance/orphans").then().body("count", equalTo(0));
        }
    }
}
