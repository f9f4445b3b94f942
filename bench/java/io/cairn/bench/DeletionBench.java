package io.cairn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import io.cairn.CairnApplication;
import io.cairn.protocol.Alignment;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointLifecycle;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.job.JobFinder;
import io.cairn.testing.S3Gateway;
import io.cairn.testing.SharedS3;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BulkDelete;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import static io.cairn.bench.BenchArgs.arg;

/**
 * How fast retention deletes: C completed checkpoints of F files each, all let go at once when
 * their job finishes, against {@code rm -rf} of an identical tree on the same disk, in the same
 * run. Cairn's time runs from the finish request until the last checkpoint is journaled DISCARDED.
 * With {@code storage=s3} both trees are on the test S3 server (s3proxy, in memory, on loopback),
 * and the twin is deleted as directly as S3 allows: one listing, then bulk deletes of 1,000 keys;
 * the requests each side sent are counted.
 *
 * <p>On the local disk both trees are written to disk ({@code sync}) before either side is timed;
 * {@code sync=false} times them while still in the page cache.
 *
 * <p>Arguments (optional): {@code checkpoints=10000 files=10 threads=4 storage=file sync=true}
 * (threads: Cairn's deletion threads).
 */
public final class DeletionBench {

    /** The API token the benchmark's Cairn accepts (an ADMIN token configured by its hash). */
    private static final String BENCH_TOKEN = "bench-admin-token";
    private static final String BENCH_TOKEN_SHA256 =
            "623bd2be1ca30473f9d2430a4579f17300654830b88e21f862c5f8ca13b65536";

    private DeletionBench() {
    }

    public static void main(String[] args) throws Exception {
        int checkpoints = Integer.parseInt(arg(args, "checkpoints", "10000"));
        int files = Integer.parseInt(arg(args, "files", "10"));
        Path dir = Files.createTempDirectory(Path.of("target"), "bench-deletion-").toAbsolutePath();
        boolean onS3 = arg(args, "storage", "file").equals("s3");
        boolean toDisk = Boolean.parseBoolean(arg(args, "sync", "true"));
        String s3Prefix = dir.getFileName().toString();
        if (onS3) {
            System.setProperty(SharedS3.ON_DISK, Files.createDirectories(dir.resolve("s3")).toString());
        }
        S3Gateway cairnS3 = onS3 ? S3Gateway.toSharedS3() : null;
        List<String> settings = new ArrayList<>();
        if (onS3) {
            settings.add("--cairn.storage.checkpoint-root=" + SharedS3.uri(s3Prefix));
            cairnS3.hadoopProperties().forEach((key, value) ->
                    settings.add("--cairn.storage.hadoop-properties.[" + key + "]=" + value));
        } else {
            settings.add("--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"));
        }
        settings.addAll(List.of("--server.port=0", "--logging.level.root=WARN", "--cairn.security.requests-per-minute=1000000",
                "--cairn.security.tokens[0].name=bench", "--cairn.security.tokens[0].role=ADMIN",
                "--cairn.security.tokens[0].sha256=" + BENCH_TOKEN_SHA256,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--cairn.retention.deletion-threads=" + arg(args, "threads", "4")));
        ConfigurableApplicationContext cairn =
                new SpringApplicationBuilder(CairnApplication.class).run(settings.toArray(String[]::new));
        try {
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) cairn).getWebServer().getPort();
            post(base + "/api/v1/jobs", "{\"jobId\":\"del\",\"name\":\"d\",\"tasks\":[{\"taskId\":\"t\","
                    + "\"parallelism\":1}],\"checkpointing\":{\"numRetained\":" + checkpoints + "}}");
            long jobPk = cairn.getBean(JobFinder.class).require("del").getId();
            CheckpointRepository repository = cairn.getBean(CheckpointRepository.class);
            CheckpointLifecycle lifecycle = cairn.getBean(CheckpointLifecycle.class);
            TransactionTemplate transaction = new TransactionTemplate(cairn.getBean(PlatformTransactionManager.class));
            Path jobDir = dir.resolve("checkpoints/del");
            Path twin = dir.resolve("twin");
            byte[] content = new byte[1024];
            for (int first = 1; first <= checkpoints; first += 500) {
                int from = first;
                for (int id = from; id < from + 500 && id <= checkpoints; id++) {
                    if (onS3) {
                        for (String root : List.of(s3Prefix + "/del", s3Prefix + "-twin")) {
                            SharedS3.put(root + "/chk-" + id + "/_metadata", content);
                            for (int f = 1; f < files; f++) {
                                SharedS3.put(root + "/chk-" + id + "/state-" + f, content);
                            }
                        }
                        continue;
                    }
                    for (Path root : List.of(jobDir, twin)) {
                        Path chk = Files.createDirectories(root.resolve("chk-" + id));
                        Files.write(chk.resolve("_metadata"), content);
                        for (int f = 1; f < files; f++) {
                            Files.write(chk.resolve("state-" + f), content);
                        }
                    }
                }
                // Rows as the coordinator writes them, 500 to a transaction.
                transaction.executeWithoutResult(status -> {
                    for (int id = from; id < from + 500 && id <= checkpoints; id++) {
                        long rowId = lifecycle.recordPending(jobPk, id, CheckpointKind.CHECKPOINT,
                                Alignment.ALIGNED,
                                onS3 ? SharedS3.uri(s3Prefix + "/del/chk-" + id) : jobDir.resolve("chk-" + id).toUri().toString(),
                                1, false,
                                Instant.EPOCH);
                        lifecycle.complete(jobPk, rowId, id, Instant.EPOCH, Instant.EPOCH.plusMillis(1),
                                new Checkpoint.CompletionStats(
                                        Alignment.ALIGNED, 1, 1024L * files, 1024L * files, 0, 1024),
                                List.of());
                    }
                });
            }

            if (onS3) {
                cairnS3.reset();
            } else if (toDisk) {
                sync();
            }
            long start = System.nanoTime();
            post(base + "/api/v1/jobs/del/finish", null);
            while (repository.countByJobPkAndStatusIn(jobPk, List.of(CheckpointStatus.DISCARDED)) < checkpoints) {
                Thread.sleep(20);
            }
            double cairnSeconds = (System.nanoTime() - start) / 1e9;

            if (onS3) {
                Map<String, Long> cairnRequests = cairnS3.requests();
                BulkResult direct = bulkDelete(SharedS3.uri(s3Prefix + "-twin"));
                System.out.printf(Locale.ROOT, "%n%d checkpoints x %d files, S3 (s3proxy on loopback): Cairn %.2f s "
                        + "in %s requests, direct bulk deletes %.2f s in %s requests, ratio %.2f%n", checkpoints,
                        files, cairnSeconds, cairnRequests, direct.seconds(), direct.requests(),
                        cairnSeconds / direct.seconds());
            } else {
                if (toDisk) {
                    sync();
                }
                start = System.nanoTime();
                Process rm = new ProcessBuilder("rm", "-rf", twin.toString()).inheritIO().start();
                rm.waitFor();
                double rmSeconds = (System.nanoTime() - start) / 1e9;

                System.out.printf(Locale.ROOT, "%n%d checkpoints x %d files, local disk: Cairn %.2f s, rm -rf %.2f s, "
                        + "ratio %.2f%n", checkpoints, files, cairnSeconds, rmSeconds, cairnSeconds / rmSeconds);
            }
        } finally {
            cairn.close();
            if (cairnS3 != null) {
                cairnS3.close();
            }
        }
        // The test S3 server's threads are not daemons: end the JVM rather than wait for them.
        System.exit(0);
    }

    private record BulkResult(double seconds, Map<String, Long> requests) {
    }

    /** Lists a tree once and deletes it in bulk requests of 1,000 keys, as directly as S3A allows. */
    private static BulkResult bulkDelete(String tree) throws IOException {
        try (S3Gateway gateway = S3Gateway.toSharedS3()) {
            Configuration conf = new Configuration();
            gateway.hadoopProperties().forEach(conf::set);
            conf.setInt("fs.s3a.bulk.delete.page.size", 1_000);
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(tree);
            try (FileSystem fs = FileSystem.newInstance(root.toUri(), conf)) {
                long start = System.nanoTime();
                List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
                RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
                while (listing.hasNext()) {
                    files.add(listing.next().getPath());
                }
                try (BulkDelete bulk = fs.createBulkDelete(root)) {
                    for (int from = 0; from < files.size(); from += bulk.pageSize()) {
                        bulk.bulkDelete(files.subList(from, Math.min(files.size(), from + bulk.pageSize())));
                    }
                }
                return new BulkResult((System.nanoTime() - start) / 1e9, gateway.requests());
            }
        }
    }

    /**
     * Writes both trees to disk before either is timed. Subsumed checkpoints are minutes old, on disk;
     * deleting files still in the page cache is much cheaper (ext4 never allocated their blocks) and
     * would favour whichever side deletes first.
     */
    private static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static void post(String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BENCH_TOKEN);
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

}
