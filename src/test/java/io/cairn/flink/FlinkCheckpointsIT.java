package io.cairn.flink;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.testing.FlinkOracle;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.SharedFlink;
import io.cairn.testing.SharedFlink.Setup;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Checkpoints a real Flink wrote, adopted by Cairn: catalogued with their files, orphans found,
 * and a deletion that removes exactly what no other checkpoint needs, after which Flink still
 * restores every remaining checkpoint to the state it held.
 */
class FlinkCheckpointsIT extends SharedCairn {

    /**
     * Where the Flink jobs write: under {@code cairn.flink.checkpoint-roots} of the shared context,
     * one directory per test (a deletion weighs every job adopted from the same directory).
     */
    private static final Path FLINK_ROOT = data().resolve("flink");

    private Path flinkDirectory;

    @LocalServerPort
    int port;

    @BeforeEach
    void pointRestAssuredAtTheServer(TestInfo test) {
        flinkDirectory = FLINK_ROOT.resolve(test.getTestMethod().orElseThrow().getName());
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        TestAuth.adminByDefault();
    }

    @Test
    void deletingTheOldestIncrementalCheckpointRemovesOnlyWhatNoOtherNeedsAndEveryOtherStillRestores()
            throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap().rocksDb(true), flinkDirectory, 2);
        List<URI> taken = SharedFlink.checkpointsThenCancel(job, 4);
        Map<URI, Map<Long, Long>> countsAtCheckpoint = FlinkOracle.countsPerKey(taken);
        String flinkJobId = job.toHexString();
        Path jobDirectory = flinkDirectory.resolve(flinkJobId);

        JsonPath adopted = adopt(flinkJobId).then().statusCode(201).extract().jsonPath();
        assertThat(adopted.getInt("retained"))
                .isEqualTo(checkpointDirectories(jobDirectory).size());
        assertThat(adopted.getInt("unreadable")).isZero();
        JsonPath catalogued = given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(catalogued.getList("status", String.class)).containsOnly("RETAINED");
        assertThat(catalogued.getList("sharedFiles", Integer.class)).allMatch(files -> files > 0);

        URI oldest = taken.get(0);
        long oldestId = checkpointId(oldest);
        Set<String> before = filesUnder(jobDirectory);
        Set<String> expected = whatOnlyTheOldestUses(jobDirectory, oldest);

        JsonPath dryRun = delete(flinkJobId, oldestId, true)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(new TreeSet<>(dryRun.getList("files.path", String.class))).isEqualTo(expected);
        assertThat(dryRun.getList("files.path", String.class).get(0)).endsWith("chk-" + oldestId + "/_metadata");
        assertThat(dryRun.getInt("keptReferenced"))
                .as("shared files later checkpoints reuse")
                .isPositive();
        assertThat(filesUnder(jobDirectory)).as("a dry run deletes nothing").isEqualTo(before);

        JsonPath deleted = delete(flinkJobId, oldestId, false)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(new TreeSet<>(deleted.getList("files.path", String.class))).isEqualTo(expected);
        Set<String> left = new TreeSet<>(before);
        left.removeAll(expected);
        assertThat(filesUnder(jobDirectory)).isEqualTo(left);
        assertThat(Files.exists(Path.of(oldest)))
                .as("its emptied chk directory")
                .isFalse();
        given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .body("find { it.checkpointId == " + oldestId + " }.status", equalTo("DISCARDED"));

        for (URI remaining : taken.subList(1, taken.size())) {
            assertThat(FlinkOracle.countsPerKey(remaining))
                    .as("the state Flink restores from " + remaining)
                    .isEqualTo(countsAtCheckpoint.get(remaining))
                    .isNotEmpty();
        }
        long newest = checkpointDirectories(jobDirectory).stream()
                .mapToLong(id -> id)
                .max()
                .orElseThrow();
        delete(flinkJobId, newest, false)
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:cairn:problem:flink-checkpoint-not-deletable"))
                .body("detail", containsString("newest"));
    }

    @Test
    void aCorruptedMetadataIsReportedAndNoFileOfItsDirectoryIsDeleted() throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap(), flinkDirectory, 1);
        List<URI> taken = SharedFlink.checkpointsThenCancel(job, 3);
        String flinkJobId = job.toHexString();
        Path jobDirectory = flinkDirectory.resolve(flinkJobId);
        Path corrupted = Path.of(taken.get(1)).resolve("_metadata");
        try (RandomAccessFile file = new RandomAccessFile(corrupted.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        Set<String> before = filesUnder(jobDirectory);

        adopt(flinkJobId).then().statusCode(201).body("unreadable", equalTo(1));
        given().get("/api/v1/flink/jobs/{id}/checkpoints", flinkJobId)
                .then()
                .body("find { it.checkpointId == " + checkpointId(taken.get(1)) + " }.status", equalTo("UNREADABLE"))
                .body(
                        "find { it.checkpointId == " + checkpointId(taken.get(1)) + " }.problem",
                        containsString("corrupt"));

        delete(flinkJobId, checkpointId(taken.get(1)), false)
                .then()
                .statusCode(409)
                .body("detail", containsString("UNREADABLE"));
        delete(flinkJobId, checkpointId(taken.get(0)), false)
                .then()
                .statusCode(409)
                .body("detail", containsString("chk-" + checkpointId(taken.get(1)) + "/_metadata cannot be read"));
        given().get("/api/v1/flink/jobs/{id}/orphans?gracePeriod=PT0S", flinkJobId)
                .then()
                .statusCode(200)
                .body("complete", equalTo(false))
                .body("orphans.kind", not(hasItem("SHARED_FILE")));
        assertThat(filesUnder(jobDirectory)).isEqualTo(before);
    }

    @Test
    void orphansAreWhatNoCheckpointReferencesOnceOlderThanTheGracePeriod() throws Exception {
        JobID job = SharedFlink.start(Setup.hashMap(), flinkDirectory, 1);
        SharedFlink.checkpointsThenCancel(job, 2);
        String flinkJobId = job.toHexString();
        Path jobDirectory = flinkDirectory.resolve(flinkJobId);
        Files.createDirectories(jobDirectory.resolve("shared"));
        Files.writeString(jobDirectory.resolve("shared/stray-sst"), "nobody references me");
        Files.createDirectories(jobDirectory.resolve("chk-99"));
        Files.writeString(jobDirectory.resolve("chk-99/never-completed"), "no _metadata here");
        adopt(flinkJobId).then().statusCode(201);

        given().get("/api/v1/flink/jobs/{id}/orphans?gracePeriod=PT0S", flinkJobId)
                .then()
                .statusCode(200)
                .body("complete", equalTo(true))
                .body("orphans.path", containsInAnyOrder(flinkJobId + "/shared/stray-sst", flinkJobId + "/chk-99"))
                .body("orphans.kind", containsInAnyOrder("SHARED_FILE", "INCOMPLETE_CHECKPOINT"));
        given().get("/api/v1/flink/jobs/{id}/orphans", flinkJobId)
                .then()
                .statusCode(200)
                .body("orphans", empty());
    }

    @Test
    void aDirectoryOutsideTheFlinkRootsIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "flinkJobId",
                        "0123456789abcdef0123456789abcdef",
                        "checkpointDirectory",
                        "file:" + data().resolve("checkpoints")))
                .post("/api/v1/flink/jobs")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:cairn:problem:invalid-flink-directory"))
                .body("detail", containsString("cairn.flink.checkpoint-roots"));
    }

    private Response adopt(String flinkJobId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("flinkJobId", flinkJobId, "checkpointDirectory", "file:" + flinkDirectory))
                .post("/api/v1/flink/jobs");
    }

    private static Response delete(String flinkJobId, long checkpointId, boolean dryRun) {
        return given().queryParam("dryRun", dryRun)
                .delete("/api/v1/flink/jobs/{id}/checkpoints/{checkpointId}", flinkJobId, checkpointId);
    }

    /**
     * The oracle of a deletion: the oldest checkpoint's {@code _metadata} and the files Flink's own
     * loader finds behind it in its {@code chk-N} or {@code shared/}, less those any other checkpoint
     * in the directory references; relative to the Flink directory.
     */
    private Set<String> whatOnlyTheOldestUses(Path jobDirectory, URI oldest) throws IOException {
        Set<URI> others = new HashSet<>();
        for (long id : checkpointDirectories(jobDirectory)) {
            if (id != checkpointId(oldest)) {
                others.addAll(FlinkOracle.files(jobDirectory.resolve("chk-" + id + "/_metadata")));
            }
        }
        Path own = Path.of(oldest);
        Set<String> expected = new TreeSet<>();
        expected.add(relative(own.resolve("_metadata")));
        for (URI file : FlinkOracle.files(own.resolve("_metadata"))) {
            Path path = Path.of(file);
            if (!others.contains(file) && (path.startsWith(own) || path.startsWith(jobDirectory.resolve("shared")))) {
                expected.add(relative(path));
            }
        }
        return expected;
    }

    private static Set<Long> checkpointDirectories(Path jobDirectory) throws IOException {
        try (Stream<Path> entries = Files.list(jobDirectory)) {
            return entries.filter(entry -> Files.exists(entry.resolve("_metadata")))
                    .map(entry -> entry.getFileName().toString())
                    .filter(name -> name.startsWith("chk-"))
                    .map(name -> Long.parseLong(name.substring(4)))
                    .collect(Collectors.toSet());
        }
    }

    private Set<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(this::relative)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private String relative(Path file) {
        return flinkDirectory.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    private static long checkpointId(URI checkpoint) {
        String name = Path.of(checkpoint).getFileName().toString();
        return Long.parseLong(name.substring("chk-".length()));
    }
}
