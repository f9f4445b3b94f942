package io.cairn.flink;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.cairn.testing.FlinkOracle;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.SharedFlink;
import io.cairn.testing.SharedFlink.Setup;
import io.cairn.testing.SharedMiniDfs;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.flink.api.common.JobID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Flink checkpointing onto a real HDFS (MiniDFSCluster) with RocksDB incremental state, and
 * Cairn adopting and deleting there as on a local file system.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlinkCheckpointsOnHdfsIT {

    private static String flinkRoot;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void onHdfs(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "flink-hdfs");
        flinkRoot =
                SharedMiniDfs.uri() + "/flink-" + UUID.randomUUID().toString().substring(0, 8);
        registry.add("cairn.flink.checkpoint-roots", () -> flinkRoot);
    }

    @Test
    void deletingTheOldestIncrementalCheckpointOnHdfsKeepsEveryOtherRestorable() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        TestAuth.adminByDefault();
        URI directory = URI.create(flinkRoot);
        JobID job = SharedFlink.start(Setup.hashMap().rocksDb(true), directory, 2);
        List<URI> taken = SharedFlink.checkpointsThenCancel(job, 3);
        Map<URI, Map<Long, Long>> counts = FlinkOracle.countsPerKey(taken);
        String flinkJobId = job.toHexString();
        given().contentType(ContentType.JSON)
                .body(Map.of("flinkJobId", flinkJobId, "checkpointDirectory", flinkRoot))
                .post("/api/v1/flink/jobs")
                .then()
                .statusCode(201);

        try (FileSystem hdfs = FileSystem.newInstance(SharedMiniDfs.uri(), SharedMiniDfs.configuration())) {
            Path jobDirectory = new Path(flinkRoot + "/" + flinkJobId);
            Set<String> before = files(hdfs, jobDirectory);
            long oldest = Long.parseLong(
                    taken.get(0).getPath().replaceAll(".*/chk-", "").replace("/", ""));

            JsonPath deleted = given().queryParam("dryRun", false)
                    .delete("/api/v1/flink/jobs/{id}/checkpoints/{n}", flinkJobId, oldest)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();

            Set<String> gone = new TreeSet<>(deleted.getList("files.path", String.class));
            assertThat(gone).contains(flinkJobId + "/chk-" + oldest + "/_metadata");
            assertThat(deleted.getInt("keptReferenced")).isPositive();
            Set<String> left = new TreeSet<>(before);
            left.removeAll(gone);
            assertThat(files(hdfs, jobDirectory)).isEqualTo(left);
        }
        for (URI remaining : taken.subList(1, taken.size())) {
            assertThat(FlinkOracle.countsPerKey(remaining))
                    .isEqualTo(counts.get(remaining))
                    .isNotEmpty();
        }
    }

    /** Every file under the job's directory, relative to the Flink root. */
    private static Set<String> files(FileSystem hdfs, Path directory) throws Exception {
        Set<String> files = new TreeSet<>();
        String prefix = new Path(flinkRoot).toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> listing = hdfs.listFiles(directory, true);
        while (listing.hasNext()) {
            files.add(listing.next().getPath().toUri().getPath().substring(prefix.length()));
        }
        return files;
    }
}
