package io.cairn.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cairn.config.FaultInjection.Point;
import io.cairn.testing.CairnProcess;
import io.cairn.testing.CheckpointTree;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestDirectories;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cairn as a real process, halted as abruptly as {@code kill -9} at chosen points of a checkpoint's
 * life, then started again on the same catalog and storage. Afterwards every completed checkpoint
 * has its {@code _metadata} and every file it names, nothing under the job's directory is
 * unreferenced once recovery and a sweep ran, ids keep increasing, and the newest checkpoint
 * completed before the kill is still there.
 */
abstract class CrashRecoveryContract {

    private static final String JOB = "crashy";

    /** Arguments that point Cairn at this test's catalog. */
    protected abstract List<String> catalog(Path dir);

    /**
     * Whether this catalog is killed at that point. Every point costs two starts of a real
     * process (about 20 s each on two cores): a catalog other than the default may cover only the
     * points where the catalog's durability decides the outcome.
     */
    protected boolean covers(Point point) {
        return true;
    }

    @ParameterizedTest
    @EnumSource(Point.class)
    void aKillAtAnyPointLosesNoCompletedCheckpointAndLeavesNoOrphan(Point point) throws Exception {
        Assumptions.assumeTrue(covers(point), () -> point + " is covered on the default catalog");
        Path dir = TestDirectories.fresh("crash-" + point);
        Path root = dir.resolve("checkpoints");
        List<String> args = new ArrayList<>(catalog(dir));
        args.add("--cairn.storage.checkpoint-root=file:" + root);
        args.add("--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints"));
        List<String> crashing = new ArrayList<>(args);
        crashing.add("--cairn.fault-injection.halt-at=" + point);
        // The first checkpoint completes; the crash hits the second (or the first deletion).
        crashing.add("--cairn.fault-injection.skip=" + (point == Point.MID_DELETION ? 0 : 1));
        long newestBeforeKill;

        try (CairnProcess cairn = CairnProcess.start(dir.resolve("cairn.log"), crashing);
                TestAgents agents = new TestAgents(cairn.url(), JOB)) {
            RequestSpecification api = cairn.api();
            given(api)
                    .contentType(ContentType.JSON)
                    .body("{\"jobId\":\"" + JOB + "\",\"name\":\"c\",\"tasks\":["
                            + "{\"taskId\":\"t\",\"parallelism\":2}],\"checkpointing\":{\"numRetained\":1}}")
                    .post("/api/v1/jobs")
                    .then()
                    .statusCode(201);
            agents.start("t", 2);
            awaitCompleted(api, trigger(api));
            newestBeforeKill = 1;
            try {
                trigger(api);
            } catch (Exception | AssertionError e) {
                // The process may halt before it answers.
            }
            assertThat(cairn.awaitExit()).isEqualTo(137);
            if (point == Point.MID_DELETION || point == Point.AFTER_METADATA) {
                newestBeforeKill = 2;
            }
        }

        try (CairnProcess cairn = CairnProcess.start(dir.resolve("cairn.log"), args);
                TestAgents agents = new TestAgents(cairn.url(), JOB).start("t", 2)) {
            RequestSpecification api = cairn.api();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given(api)
                                    .queryParam("status", "DISCARDING")
                                    .get("/api/v1/jobs/{job}/checkpoints", JOB)
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getInt("total")
                            == 0);

            JsonPath latest = given(api)
                    .get("/api/v1/jobs/{job}/checkpoints/latest", JOB)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(latest.getLong("checkpointId")).isEqualTo(newestBeforeKill);
            new CheckpointTree(root, JOB).assertWhole(restorableIds(api));

            given(api)
                    .queryParam("dryRun", false)
                    .queryParam("gracePeriod", "PT0S")
                    .post("/api/v1/maintenance/orphans/sweep")
                    .then()
                    .statusCode(200);
            new CheckpointTree(root, JOB).assertNothingBut(restorableIds(api));

            long next = trigger(api);
            assertThat(next).isGreaterThan(2);
            awaitCompleted(api, next);
            // numRetained is 1: once retention has subsumed the older ones, only the new one is kept.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> restorableIds(api).equals(List.of(next)));
            new CheckpointTree(root, JOB).assertWhole(restorableIds(api));
        }
    }

    private static List<Long> restorableIds(RequestSpecification api) {
        JsonPath page = given(api)
                .queryParam("size", 500)
                .get("/api/v1/jobs/{job}/checkpoints", JOB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Long> ids = new ArrayList<>();
        List<String> statuses = page.getList("items.status", String.class);
        List<Long> all = page.getList("items.checkpointId", Long.class);
        for (int i = 0; i < all.size(); i++) {
            if (statuses.get(i).equals("COMPLETED") || statuses.get(i).equals("RETAINED")) {
                ids.add(all.get(i));
            }
        }
        return ids;
    }

    private static long trigger(RequestSpecification api) {
        return given(api)
                .post("/api/v1/jobs/{job}/checkpoints", JOB)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitCompleted(RequestSpecification api, long id) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "COMPLETED"
                        .equals(given(api)
                                .get("/api/v1/jobs/{job}/checkpoints/{id}", JOB, id)
                                .then()
                                .extract()
                                .path("status")));
    }
}
