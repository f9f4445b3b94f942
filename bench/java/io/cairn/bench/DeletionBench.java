package io.cairn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.cairn.CairnApplication;
import io.cairn.protocol.Alignment;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointLifecycle;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.job.JobFinder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How fast retention deletes: C completed checkpoints of F files each, all let go at once when
 * their job finishes, against {@code rm -rf} of an identical tree on the same disk, in the same
 * run. Cairn's time runs from the finish request until the last checkpoint is journaled DISCARDED.
 *
 * <p>Arguments (optional): {@code checkpoints=10000 files=10 threads=4} (deletion threads).
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
        ConfigurableApplicationContext cairn = new SpringApplicationBuilder(CairnApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN", "--cairn.security.requests-per-minute=1000000",
                "--cairn.security.tokens[0].name=bench", "--cairn.security.tokens[0].role=ADMIN",
                "--cairn.security.tokens[0].sha256=" + BENCH_TOKEN_SHA256,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                "--cairn.retention.deletion-threads=" + arg(args, "threads", "4"));
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
                        Checkpoint row = lifecycle.recordPending(jobPk, id, CheckpointKind.CHECKPOINT,
                                Alignment.ALIGNED, jobDir.resolve("chk-" + id).toUri().toString(), 1, false,
                                Instant.EPOCH);
                        lifecycle.complete(row, Instant.EPOCH.plusMillis(1), new Checkpoint.CompletionStats(
                                Alignment.ALIGNED, 1, 1024L * files, 1024L * files, 0, 1024));
                    }
                });
            }

            long start = System.nanoTime();
            post(base + "/api/v1/jobs/del/finish", null);
            while (repository.countByJobPkAndStatusIn(jobPk, List.of(CheckpointStatus.DISCARDED)) < checkpoints) {
                Thread.sleep(20);
            }
            double cairnSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            Process rm = new ProcessBuilder("rm", "-rf", twin.toString()).inheritIO().start();
            rm.waitFor();
            double rmSeconds = (System.nanoTime() - start) / 1e9;

            System.out.printf(Locale.ROOT, "%n%d checkpoints x %d files, local disk: Cairn %.2f s, rm -rf %.2f s, "
                    + "ratio %.2f%n", checkpoints, files, cairnSeconds, rmSeconds, cairnSeconds / rmSeconds);
        } finally {
            cairn.close();
        }
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

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
