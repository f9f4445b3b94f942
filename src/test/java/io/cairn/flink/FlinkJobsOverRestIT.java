package io.cairn.flink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.sun.net.httpserver.HttpServer;
import io.cairn.testing.CountingJob;
import io.cairn.testing.CountingJobMain;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.SharedFlink;
import io.cairn.testing.SharedFlink.Setup;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A Flink job under Cairn through Flink's own REST API, on a real Flink's REST endpoint: Cairn
 * triggers checkpoints, savepoints and a stop, and follows the checkpoints Flink takes by itself
 * for longer than Flink remembers them.
 */
class FlinkJobsOverRestIT extends SharedCairn {

    @LocalServerPort
    int port;

    @Autowired
    FlinkFollower follower;

    @Autowired
    FlinkSavepointScheduler scheduler;

    private Path flinkDirectory;

    @BeforeEach
    void pointRestAssuredAtTheServer(TestInfo test) {
        flinkDirectory = data().resolve("flink")
                .resolve(test.getTestMethod().orElseThrow().getName());
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        TestAuth.adminByDefault();
    }

    @Test
    void cairnTriggersCheckpointsAndSavepointsAndAStopAndCatalogsEachWithFlinksStatistics() throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap(), flinkDirectory, 2);
        String flinkJobId = job.toHexString();
        adopt(flinkJobId)
                .then()
                .statusCode(201)
                .body("restUrl", equalTo(SharedFlink.restAddress().toString()));

        JsonPath full = trigger(flinkJobId, "/checkpoints", Map.of("checkpointType", "FULL"));
        assertThat(full.getString("kind")).isEqualTo("CHECKPOINT");
        assertThat(full.getString("status")).isEqualTo("RETAINED");
        assertThat(full.getInt("numSubtasks"))
                .isEqualTo(full.getInt("numAcknowledged"))
                .isPositive();
        assertThat(full.getLong("stateSize")).isPositive();
        assertThat(full.getLong("durationMs")).isNotNegative();
        assertThat(full.getInt("exclusiveFiles")).isPositive();
        assertThat(flinkDirectory.resolve(flinkJobId + "/chk-" + full.getLong("checkpointId") + "/_metadata"))
                .exists();
        JsonPath details = given().get(
                        "/api/v1/flink/jobs/{id}/checkpoints/{checkpointId}", flinkJobId, full.getLong("checkpointId"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(details.getList("tasks"))
                .as("the source and the counting task")
                .hasSize(2);
        assertThat(details.getList("tasks.numSubtasks", Integer.class)).containsOnly(2);
        assertThat(details.getList("tasks.stateSize", Long.class)).anyMatch(size -> size > 0);
        assertThat(details.getList("tasks.unaligned", Boolean.class)).containsOnly(false);
        JsonPath configured = trigger(flinkJobId, "/checkpoints", Map.of());
        assertThat(configured.getLong("checkpointId")).isGreaterThan(full.getLong("checkpointId"));

        JsonPath nativeSavepoint = trigger(flinkJobId, "/savepoints", Map.of("formatType", "NATIVE"));
        assertThat(nativeSavepoint.getString("kind")).isEqualTo("SAVEPOINT");
        assertThat(nativeSavepoint.getString("status")).isEqualTo("RETAINED");
        assertThat(nativeSavepoint.getString("path")).startsWith("file:" + flinkDirectory.resolve("savepoints"));
        assertThat(nativeSavepoint.getInt("exclusiveFiles")).isPositive();

        String byOperator = SharedFlink.cluster()
                .triggerSavepoint(
                        job, "file:" + flinkDirectory.resolve("by-operator"), false, SavepointFormatType.CANONICAL)
                .get(1, TimeUnit.MINUTES);
        // Flink's statistics show the savepoint shortly after its future completed (they are
        // updated and cached apart from it), so a scan right away may not see it yet.
        List<Map<String, Object>> taken = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            given().post("/api/v1/flink/jobs/{id}/scan", flinkJobId)
                                    .then()
                                    .statusCode(200);
                            return withPath(snapshots(flinkJobId, "SAVEPOINT"), byOperator);
                        },
                        found -> !found.isEmpty());
        assertThat(taken)
                .as("a savepoint taken without Cairn, found through Flink's statistics")
                .hasSize(1);
        assertThat(taken.get(0).get("status")).isEqualTo("RETAINED");
        assertThat((Integer) taken.get(0).get("exclusiveFiles")).isPositive();

        JsonPath stopped = trigger(
                flinkJobId,
                "/savepoints",
                Map.of(
                        "formatType",
                        "CANONICAL",
                        "stop",
                        true,
                        "targetDirectory",
                        "file:" + flinkDirectory.resolve("final")));
        assertThat(stopped.getString("kind")).isEqualTo("SAVEPOINT");
        assertThat(Files.exists(Path.of(stopped.getString("path").substring("file:".length()), "_metadata")))
                .isTrue();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> SharedFlink.cluster().getJobStatus(job).get(10, TimeUnit.SECONDS) == JobStatus.FINISHED);

        List<String> kinds = given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("kind", String.class);
        assertThat(kinds).containsOnly("CHECKPOINT", "SAVEPOINT").contains("SAVEPOINT");
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:cairn:problem:flink-refused"))
                .body("detail", startsWith("Flink refused to"))
                .body("detail", containsString("Could not find Flink job (" + flinkJobId + ")"));
    }

    @Test
    void everyCheckpointFlinkTakesByItselfEntersTheCatalogLongAfterFlinkForgetsIt() {
        JobID job = SharedFlink.start(Setup.hashMap().checkpointingEvery(Duration.ofMillis(300)), flinkDirectory, 1);
        String flinkJobId = job.toHexString();
        adopt(flinkJobId).then().statusCode(201);
        try {
            // Flink's REST API remembers its last 10 checkpoints (web.checkpoints.history): 3 s of them
            // here; follow past 25. This job alone (a scan follows it as the follower would): a round
            // of the follower also calls the unreachable Flinks other cases adopted, which took up to
            // 3 s on a loaded machine, long enough to miss a checkpoint.
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        given().post("/api/v1/flink/jobs/{id}/scan", flinkJobId);
                        return checkpointIds(flinkJobId).size() >= 25;
                    });
        } finally {
            SharedFlink.cancel(job);
        }
        follower.runOnce();

        JsonPath catalogued = given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        TreeSet<Long> ids = new TreeSet<>(catalogued.getList("checkpointId", Long.class));
        assertThat(ids)
                .as("no checkpoint missing")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(ids.first(), ids.last()).boxed().toList());
        assertThat(catalogued.getList("durationMs"))
                .as("Flink's statistics of each")
                .doesNotContainNull();
        assertThat(catalogued.getList("status", String.class))
                .as("the newest retained by Flink, the older ones subsumed by it")
                .contains("RETAINED", "VANISHED")
                .doesNotContain("UNREADABLE");
    }

    @Test
    void aCheckpointFlinkForgetsBeforeItsDetailsAreReadStaysCataloguedAndTheRestIsFollowed() throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap().checkpointingEvery(Duration.ofMillis(300)), flinkDirectory, 1);
        String flinkJobId = job.toHexString();
        try (ForgetfulFlink flink = new ForgetfulFlink(SharedFlink.restAddress())) {
            adopt(flinkJobId, flink.address()).then().statusCode(201);
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> given().baseUri(SharedFlink.restAddress().toString())
                                    .get("/jobs/{id}/checkpoints", flinkJobId)
                                    .jsonPath()
                                    .getInt("counts.completed")
                            >= 4);

            given().post("/api/v1/flink/jobs/{id}/scan", flinkJobId).then().statusCode(200);
        } finally {
            SharedFlink.cancel(job);
        }

        JsonPath catalogued = given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Long> completed = catalogued.getList("findAll { it.status != 'FAILED' }.checkpointId", Long.class);
        assertThat(completed).hasSizeGreaterThanOrEqualTo(4);
        Map<Boolean, List<JsonPath>> byForgotten = completed.stream()
                .collect(Collectors.partitioningBy(
                        ForgetfulFlink::forgets,
                        Collectors.mapping(
                                checkpointId -> given().get(
                                                "/api/v1/flink/jobs/{id}/checkpoints/{checkpointId}",
                                                flinkJobId,
                                                checkpointId)
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath(),
                                Collectors.toList())));
        assertThat(byForgotten.get(true))
                .as("checkpoints whose details Flink had forgotten")
                .allSatisfy(details -> assertThat(details.getList("tasks")).isEmpty())
                .anySatisfy(details -> assertThat(details.getObject("checkpoint.durationMs", Long.class))
                        .as("Flink's figures from its history")
                        .isNotNull());
        assertThat(byForgotten.get(false))
                .as("checkpoints whose details Flink still had")
                .anySatisfy(details -> assertThat(details.getList("tasks")).isNotEmpty());
    }

    @Test
    void scheduledSavepointsAreTakenAndRetentionKeepsTheNewestOfEach() {
        JobID job = SharedFlink.start(Setup.hashMap().checkpointingEvery(Duration.ofMillis(300)), flinkDirectory, 1);
        String flinkJobId = job.toHexString();
        adopt(flinkJobId).then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "numRetainedCheckpoints",
                        2,
                        "savepointMaxCount",
                        2,
                        "savepointInterval",
                        "PT1S",
                        "savepointFormat",
                        "NATIVE"))
                .put("/api/v1/flink/jobs/{id}/policy", flinkJobId)
                .then()
                .statusCode(200)
                .body("policy.savepointMaxCount", equalTo(2));
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        scheduler.runOnce();
                        follower.runOnce();
                        return snapshots(flinkJobId, "SAVEPOINT").size() >= 4;
                    });
        } finally {
            SharedFlink.cancel(job);
        }
        follower.runOnce();

        List<Map<String, Object>> savepoints = snapshots(flinkJobId, "SAVEPOINT");
        List<Map<String, Object>> kept = withStatus(savepoints, "RETAINED");
        assertThat(kept).hasSize(2);
        assertThat(kept.stream().map(savepoint -> ((Number) savepoint.get("checkpointId")).longValue()))
                .as("the newest savepoints are kept")
                .containsExactlyInAnyOrderElementsOf(savepoints.stream()
                        .map(savepoint -> ((Number) savepoint.get("checkpointId")).longValue())
                        .sorted(Comparator.reverseOrder())
                        .limit(2)
                        .toList());
        for (Map<String, Object> deleted : withStatus(savepoints, "DISCARDED")) {
            assertThat(Path.of(((String) deleted.get("path")).substring("file:".length())))
                    .as("a deleted savepoint's directory")
                    .doesNotExist();
        }
        assertThat(withStatus(savepoints, "DISCARDED")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(withStatus(snapshots(flinkJobId, "CHECKPOINT"), "RETAINED")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aRestoreIsCheckedFirstThenStartsTheJobFromTheCheckpointThroughAnUploadedJar() throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap(), flinkDirectory, 1);
        String flinkJobId = job.toHexString();
        adopt(flinkJobId).then().statusCode(201);
        long damaged = trigger(flinkJobId, "/checkpoints", Map.of()).getLong("checkpointId");
        long sound = trigger(flinkJobId, "/checkpoints", Map.of()).getLong("checkpointId");
        SharedFlink.cancel(job);
        Path damagedDirectory = flinkDirectory.resolve(flinkJobId + "/chk-" + damaged);
        try (var files = Files.list(damagedDirectory)) {
            Files.delete(files.filter(file -> !file.getFileName().toString().equals("_metadata"))
                    .findFirst()
                    .orElseThrow());
        }
        int jobsBefore = SharedFlink.cluster().listJobs().get().size();
        String jarId = SharedFlink.uploadJar(CountingJobMain.class, CountingJob.class);

        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "checkpointId",
                        damaged,
                        "jarId",
                        jarId,
                        "entryClass",
                        CountingJobMain.class.getName(),
                        "programArgs",
                        List.of("file:" + flinkDirectory)))
                .post("/api/v1/flink/jobs/{id}/restores", flinkJobId)
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:cairn:problem:flink-restore-refused"))
                .body("detail", containsString("is missing"));
        assertThat(SharedFlink.cluster().listJobs().get()).as("nothing started").hasSize(jobsBefore);

        JsonPath checked = given().contentType(ContentType.JSON)
                .body(Map.of("checkpointId", sound))
                .post("/api/v1/flink/jobs/{id}/restores", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(checked.getString("path")).endsWith("/" + flinkJobId + "/chk-" + sound);
        assertThat(checked.getInt("filesChecked")).isPositive();
        assertThat(checked.getString("claimMode")).isEqualTo("NO_CLAIM");
        assertThat(checked.getString("startedJobId")).isNull();

        String started = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "checkpointId",
                        sound,
                        "jarId",
                        jarId,
                        "entryClass",
                        CountingJobMain.class.getName(),
                        "programArgs",
                        List.of("file:" + flinkDirectory)))
                .post("/api/v1/flink/jobs/{id}/restores", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .path("startedJobId");
        JobID restored = JobID.fromHexString(started);
        try {
            // Flink's own account of what the new job restored from.
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> given().get(SharedFlink.restAddress() + "/jobs/{id}/checkpoints", started)
                            .then()
                            .statusCode(200)
                            .body("latest.restored.id", equalTo((int) sound))
                            .body("latest.restored.external_path", containsString("chk-" + sound)));
        } finally {
            SharedFlink.cancel(restored);
        }
    }

    @Test
    void aJobAdoptedWithoutRestUrlCannotBeAskedToCheckpoint() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "flinkJobId",
                        "00000000000000000000000000000abc",
                        "checkpointDirectory",
                        "file:" + flinkDirectory))
                .post("/api/v1/flink/jobs")
                .then()
                .statusCode(201);

        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/flink/jobs/{id}/checkpoints", "00000000000000000000000000000abc")
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:flink-rest-url-missing"));
    }

    private static List<Map<String, Object>> snapshots(String flinkJobId, String kind) {
        List<Map<String, Object>> all = given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        return all.stream()
                .filter(snapshot -> kind.equals(snapshot.get("kind")))
                .toList();
    }

    private static List<Map<String, Object>> withPath(List<Map<String, Object>> snapshots, String path) {
        return snapshots.stream()
                .filter(snapshot -> path.equals(snapshot.get("path")))
                .toList();
    }

    private static List<Map<String, Object>> withStatus(List<Map<String, Object>> snapshots, String status) {
        return snapshots.stream()
                .filter(snapshot -> status.equals(snapshot.get("status")))
                .toList();
    }

    private TreeSet<Long> checkpointIds(String flinkJobId) {
        return new TreeSet<>(given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("checkpointId", Long.class));
    }

    private Response adopt(String flinkJobId) {
        return adopt(flinkJobId, SharedFlink.restAddress().toString());
    }

    private Response adopt(String flinkJobId, String restUrl) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "flinkJobId", flinkJobId, "checkpointDirectory", "file:" + flinkDirectory, "restUrl", restUrl))
                .post("/api/v1/flink/jobs");
    }

    private static JsonPath trigger(String flinkJobId, String what, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/flink/jobs/{id}" + what, flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * Flink's REST API on loopback, as a Flink that has already forgotten the details of every
     * even-numbered checkpoint its history still names (what Flink answers once a checkpoint falls
     * out of {@code web.checkpoints.history} between two reads).
     */
    private static final class ForgetfulFlink implements AutoCloseable {

        private static final Pattern DETAILS = Pattern.compile(".*/checkpoints/details/(\\d+)(/.*)?");

        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();

        ForgetfulFlink(URI flink) throws IOException {
            String base = flink.toString().replaceAll("/$", "");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getRawPath();
                    Matcher details = DETAILS.matcher(path);
                    int status;
                    byte[] body;
                    if (details.matches() && forgets(Long.parseLong(details.group(1)))) {
                        status = 404;
                        body = ("{\"errors\":[\"Could not find checkpointing statistics for checkpoint "
                                        + details.group(1) + ".\"]}")
                                .getBytes(StandardCharsets.UTF_8);
                    } else {
                        HttpResponse<byte[]> answer = http.send(
                                HttpRequest.newBuilder(URI.create(base + path))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        status = answer.statusCode();
                        body = answer.body();
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        static boolean forgets(long checkpointId) {
            return checkpointId % 2 == 0;
        }

        String address() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
