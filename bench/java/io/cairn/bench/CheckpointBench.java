package io.cairn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.cairn.CairnApplication;
import io.cairn.agent.sdk.AgentHost;
import io.cairn.agent.sdk.CheckpointAgent;
import io.cairn.agent.sdk.CheckpointListener;
import io.cairn.testing.S3Gateway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.cairn.bench.BenchArgs.arg;

/**
 * Checkpoint latency and throughput of Cairn with N in-process agents (each a real HTTP server on
 * loopback, built on the SDK) writing S bytes of state per checkpoint to {@code file://}.
 * For each (N, S): warm-up, then back-to-back checkpoints with min pause 0; prints p50/p90 of
 * Cairn's end-to-end duration (trigger to committed, {@code _metadata} included), the coordination
 * overhead (end-to-end minus the slowest agent's own snapshot time), sustained checkpoints per
 * second, Cairn's CPU time per checkpoint (its threads only, agents and this harness excluded,
 * from trigger to completion) and files per checkpoint.
 *
 * <p>Arguments (all optional): {@code agents=1,4,16,64,256 sizes=1024,1048576 warmup=auto measured=20 pause=0};
 * {@code pause} idles that many milliseconds after each checkpoint (the Flink peer triggers every
 * 1,000 ms: {@code pause=1000} compares like with like; 0 measures back-to-back throughput);
 * {@code auto} warms up with max(5, 100 / agents) checkpoints per row, after one JIT warm-up of
 * {@code jit-warmup=150} checkpoints with 16 agents, {@code jit-warmup-pause} apart (default: {@code pause}).
 */
public final class CheckpointBench {

    /** The API token the benchmark's Cairn accepts (an ADMIN token configured by its hash). */
    private static final String BENCH_TOKEN = "bench-admin-token";
    private static final String BENCH_TOKEN_SHA256 =
            "623bd2be1ca30473f9d2430a4579f17300654830b88e21f862c5f8ca13b65536";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CheckpointBench() {
    }

    /** With {@code storage=s3}: the root on the test S3 server, and a client to count files there. */
    private static String s3Root;
    private static org.apache.hadoop.fs.FileSystem s3;
    /** With {@code storage=s3}: Cairn and the agents each reach S3 through a gateway that counts requests. */
    private static S3Gateway cairnS3;
    private static S3Gateway agentsS3;
    private static final List<String> requestCounts = new ArrayList<>();
    private static final List<String> threadBreakdown = new ArrayList<>();
    private static final List<String> statementCounts = new ArrayList<>();
    private static CatalogStatements catalogStatements;
    /** Idle time after each checkpoint ({@code pause=}): 0 back to back; 1000 matches the Flink peer's 1 s interval. */
    private static long pauseMillis;
    /**
     * {@code hosts=}: 0 (default) gives every agent a server of its own; N spreads them over N
     * {@code AgentHost}s, registered batched (subtask i on host i mod N). The Flink peer runs all
     * subtasks in one TaskManager: {@code hosts=1} is that shape.
     */
    private static int hostCount;
    private static final String CAIRN = "Cairn";

    public static void main(String[] args) throws Exception {
        // This JVM is the engine: its agents answer without Nagle's delay, as the SDK advises.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int[] agentCounts = ints(arg(args, "agents", "1,4,16,64,256"));
        int[] sizes = ints(arg(args, "sizes", "1024,1048576"));
        String warmupArg = arg(args, "warmup", "auto");
        int measured = Integer.parseInt(arg(args, "measured", "20"));
        pauseMillis = Long.parseLong(arg(args, "pause", "0"));
        hostCount = Integer.parseInt(arg(args, "hosts", "0"));
        Path dir = Files.createTempDirectory(Path.of("target"), "bench-");
        System.setProperty("logging.level.root", "WARN");
        List<String> settings = new ArrayList<>(List.of(
                "--server.port=0", "--logging.level.root=WARN", "--cairn.security.requests-per-minute=1000000",
                "--cairn.security.tokens[0].name=bench", "--cairn.security.tokens[0].role=ADMIN",
                "--cairn.security.tokens[0].sha256=" + BENCH_TOKEN_SHA256, "--logging.level.io.cairn=WARN",
                "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath().resolve("cairn")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"));
        if (arg(args, "storage", "file").equals("s3")) {
            // The S3-compatible server the tests use (s3proxy, in memory) on loopback, reached through S3A.
            s3Root = io.cairn.testing.SharedS3.uri(dir.getFileName().toString());
            s3 = org.apache.hadoop.fs.FileSystem.newInstance(java.net.URI.create(s3Root), io.cairn.testing.SharedS3.configuration());
            settings.add("--cairn.storage.checkpoint-root=" + s3Root);
            cairnS3 = S3Gateway.toSharedS3();
            agentsS3 = S3Gateway.toSharedS3();
            cairnS3.hadoopProperties()
                    .forEach((key, value) -> settings.add("--cairn.storage.hadoop-properties.[" + key + "]=" + value));
        } else {
            settings.add("--cairn.storage.checkpoint-root=file:" + dir.toAbsolutePath().resolve("checkpoints"));
        }
        ConfigurableApplicationContext cairn =
                new SpringApplicationBuilder(CairnApplication.class).run(settings.toArray(String[]::new));
        String base = "http://127.0.0.1:" + ((WebServerApplicationContext) cairn).getWebServer().getPort();
        catalogStatements = new CatalogStatements(cairn.getBean(DataSource.class));
        System.out.printf(Locale.ROOT, "%n%s, %d cores, Java %s%n", System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| agents | state/agent | p50 ms | p90 ms | overhead p50 ms | checkpoints/s | Cairn CPU ms/ckpt | JVM CPU ms/ckpt | files/ckpt |");
        System.out.println("| --: | --: | --: | --: | --: | --: | --: | --: | --: |");
        try {
            // One JIT warm-up for the whole process, so the first rows are not measured in the interpreter.
            long jitWarmupPause = Long.parseLong(arg(args, "jit-warmup-pause", String.valueOf(pauseMillis)));
            run(base, dir, 16, 1024, Integer.parseInt(arg(args, "jit-warmup", "150")), 1, false, jitWarmupPause);
            for (int size : sizes) {
                for (int agents : agentCounts) {
                    // Enough checkpoints for the JIT to compile the hot paths before measuring.
                    int warmup = warmupArg.equals("auto") ? Math.max(5, 100 / agents) : Integer.parseInt(warmupArg);
                    run(base, dir, agents, size, warmup, measured, true, pauseMillis);
                }
            }
        } finally {
            cairn.close();
            if (s3 != null) {
                cairnS3.close();
                agentsS3.close();
            }
        }
        System.out.println("\nJVM CPU ms per checkpoint by thread (threads that ended meanwhile are not counted):");
        threadBreakdown.forEach(System.out::println);
        System.out.println("\nCatalog statements per checkpoint (H2's query statistics, COMMITs of read-only"
                + " transactions too; the harness's one GET of each checkpoint included), the most frequent first:");
        statementCounts.forEach(System.out::println);
        if (!requestCounts.isEmpty()) {
            System.out.println("\nS3 requests per checkpoint (retention's deletions included):");
            requestCounts.forEach(System.out::println);
        }
        // The test S3 server's threads are not daemons: end the JVM rather than wait for them.
        System.exit(0);
    }

    private static String perCheckpoint(Map<String, Long> requests, int checkpoints) {
        StringBuilder text = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> entry : requests.entrySet()) {
            text.append(String.format(Locale.ROOT, "%s %.1f, ", entry.getKey(), (double) entry.getValue() / checkpoints));
            total += entry.getValue();
        }
        return String.format(Locale.ROOT, "%.1f (%s)", (double) total / checkpoints, text.toString().replaceAll(", $", ""));
    }

    private static void run(String base, Path dir, int agentCount, int size, int warmup, int measured,
            boolean report, long pause) throws Exception {
        String jobId = "bench-" + agentCount + "-" + size + (report ? "" : "-warmup");
        String secret = post(base + "/api/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"name\":\"bench\",\"tasks\":["
                + "{\"taskId\":\"t\",\"parallelism\":" + agentCount + "}],\"checkpointing\":{\"timeout\":\"PT5M\"}}")
                .path("agentSecret").asString();
        byte[] state = new byte[size];
        List<CheckpointAgent> agents = new ArrayList<>();
        List<AgentHost> hosts = new ArrayList<>();
        Completions completions = new Completions();
        try {
            for (int i = 0; i < Math.min(hostCount, agentCount); i++) {
                hosts.add(AgentHost.start(base, jobId, secret));
            }
            for (int i = 0; i < agentCount; i++) {
                CheckpointAgent.Builder agent = CheckpointAgent.builder(base, jobId, "t", i).agentSecret(secret)
                        .snapshotTaker(context -> context.writeState("state", state));
                if (!hosts.isEmpty()) {
                    agent.host(hosts.get(i % hosts.size()));
                }
                if (s3 != null) {
                    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
                    agentsS3.hadoopProperties().forEach(conf::set);
                    agent.hadoopConfiguration(conf);
                }
                if (i == 0) {
                    // Completion is observed as an agent does: by Cairn's notification, no polling.
                    agent.checkpointListener(completions);
                }
                agents.add(agent.start());
            }
            Path jobDir = dir.resolve("checkpoints").resolve(jobId);
            for (int i = 0; i < warmup; i++) {
                checkpoint(base, jobId, jobDir, completions);
                TimeUnit.MILLISECONDS.sleep(pause);
            }
            long[] latencies = new long[measured];
            long[] overheads = new long[measured];
            long files = 0;
            long cpu = 0;
            long processCpuBefore = processCpuNanos();
            Map<String, Long> groupsBefore = cpuByThreadGroup();
            catalogStatements.restart();
            if (s3 != null) {
                cairnS3.reset();
                agentsS3.reset();
            }
            long start = System.nanoTime();
            for (int i = 0; i < measured; i++) {
                Result result = checkpoint(base, jobId, jobDir, completions);
                TimeUnit.MILLISECONDS.sleep(pause);
                latencies[i] = result.endToEndMs();
                overheads[i] = result.overheadMs();
                files += result.files();
                cpu += result.cairnCpuNanos();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = cpu / 1e6 / measured;
            double processCpuMs = (processCpuNanos() - processCpuBefore) / 1e6 / measured;
            Map<String, Long> groupsAfter = cpuByThreadGroup();
            StringBuilder groups = new StringBuilder();
            long javaThreads = 0;
            for (Map.Entry<String, Long> group : groupsAfter.entrySet()) {
                long spent = group.getValue() - groupsBefore.getOrDefault(group.getKey(), 0L);
                javaThreads += spent;
                groups.append(String.format(Locale.ROOT, "%s %.1f, ", group.getKey(), spent / 1e6 / measured));
            }
            threadBreakdown.add(String.format(Locale.ROOT, "%d agents x %s: %sGC/JIT/VM %.1f", agentCount,
                    size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB", groups,
                    processCpuMs - javaThreads / 1e6 / measured));
            Arrays.sort(latencies);
            Arrays.sort(overheads);
            String statements = catalogStatements.perCheckpoint(measured);
            post(base + "/api/v1/jobs/" + jobId + "/finish", null);
            if (!report) {
                return;
            }
            statementCounts.add(String.format(Locale.ROOT, "%d agents x %s: %s", agentCount,
                    size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB", statements));
            if (s3 != null) {
                requestCounts.add(String.format(Locale.ROOT, "%d agents x %s: Cairn %s, agents %s", agentCount,
                        size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB",
                        perCheckpoint(cairnS3.requests(), measured), perCheckpoint(agentsS3.requests(), measured)));
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", agentCount,
                    size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB", percentile(latencies, 0.5),
                    percentile(latencies, 0.9), percentile(overheads, 0.5), measured / seconds, cpuMs, processCpuMs,
                    (double) files / measured);
        } finally {
            agents.forEach(CheckpointAgent::close);
            hosts.forEach(AgentHost::close);
        }
    }

    /**
     * Triggers one checkpoint and waits for Cairn to announce its completion; end-to-end runs from
     * sending the trigger request to that announcement (so it includes {@code _metadata} and the
     * commit). Cairn's retention (numRetained 1) deletes the previous one, so the disk stays flat.
     */
    private static Result checkpoint(String base, String jobId, Path jobDir, Completions completions)
            throws Exception {
        long cpuBefore = cairnCpuNanos();
        long start = System.nanoTime();
        JsonNode triggered = post(base + "/api/v1/jobs/" + jobId + "/checkpoints", null);
        long id = triggered.get("checkpointId").asLong();
        completions.of(id).get(5, TimeUnit.MINUTES);
        long endToEnd = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpu = cairnCpuNanos() - cpuBefore;
        JsonNode checkpoint = get(base + "/api/v1/jobs/" + jobId + "/checkpoints/" + id);
        long slowestAgent = 0;
        for (JsonNode task : checkpoint.get("tasks")) {
            for (JsonNode subtask : task.get("subtasks")) {
                slowestAgent = Math.max(slowestAgent,
                        subtask.get("syncDurationMs").asLong() + subtask.get("asyncDurationMs").asLong());
            }
        }
        long files = 0;
        if (s3 != null) {
            var listing = s3.listFiles(new org.apache.hadoop.fs.Path(s3Root + "/" + jobId + "/chk-" + id), true);
            while (listing.hasNext()) {
                listing.next();
                files++;
            }
        } else {
            try (Stream<Path> walk = Files.walk(jobDir.resolve("chk-" + id))) {
                files = walk.filter(Files::isRegularFile).count();
            }
        }
        return new Result(endToEnd, Math.max(0, endToEnd - slowestAgent), files, cpu);
    }

    /** CPU time of the whole JVM: Cairn, the agents, this harness, GC and JIT. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the live threads by whose they are: Cairn's, the agents' (SDK), HTTP clients', this harness's. */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("agent-") ? "agents"
                    : name.startsWith("HttpClient-") ? "HTTP clients (the SDK's and this harness's)"
                    : name.startsWith("io.cairn.bench") || name.equals("main") ? "harness"
                    : CAIRN;
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                groups.merge(group, cpu, Long::sum);
            }
        }
        return groups;
    }

    /** CPU time of Cairn's own live threads (agents, HTTP clients and this harness run in this JVM too). */
    private static long cairnCpuNanos() {
        return cpuByThreadGroup().getOrDefault(CAIRN, 0L);
    }

    private record Result(long endToEndMs, long overheadMs, long files, long cairnCpuNanos) {
    }

    /**
     * Counts the catalog's statements with H2's own query statistics: a figure the machine's speed
     * does not move, so two commits compare in one run each.
     */
    private static final class CatalogStatements {

        private final JdbcTemplate jdbc;

        CatalogStatements(DataSource catalog) {
            this.jdbc = new JdbcTemplate(catalog);
        }

        /** Forgets what was counted and counts from now on. */
        void restart() {
            jdbc.execute("SET QUERY_STATISTICS FALSE");
            jdbc.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
            jdbc.execute("SET QUERY_STATISTICS TRUE");
        }

        /** The total per checkpoint, then each statement's executions and H2's time per checkpoint. */
        String perCheckpoint(int checkpoints) {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT SQL_STATEMENT, EXECUTION_COUNT,"
                    + " CUMULATIVE_EXECUTION_TIME FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                    + " ORDER BY EXECUTION_COUNT DESC, SQL_STATEMENT");
            StringBuilder each = new StringBuilder();
            double total = 0;
            for (Map<String, Object> row : rows) {
                String sql = ((String) row.get("SQL_STATEMENT")).replaceAll("\\s+", " ");
                if (sql.contains("QUERY_STATISTICS")) {
                    continue;
                }
                double count = ((Number) row.get("EXECUTION_COUNT")).doubleValue() / checkpoints;
                total += count;
                each.append(String.format(Locale.ROOT, "%n  %6.2f x %6.3f ms  %s", count,
                        ((Number) row.get("CUMULATIVE_EXECUTION_TIME")).doubleValue() / checkpoints,
                        sql.length() > 140 ? sql.substring(0, 140) + "..." : sql));
            }
            return String.format(Locale.ROOT, "%.1f statements%s", total, each);
        }
    }

    /** Completion announcements heard by one agent, by checkpoint id. */
    private static final class Completions implements CheckpointListener {

        private final Map<Long, CompletableFuture<Void>> byId = new ConcurrentHashMap<>();

        CompletableFuture<Void> of(long checkpointId) {
            return byId.computeIfAbsent(checkpointId, id -> new CompletableFuture<>());
        }

        @Override
        public void completed(long checkpointId) {
            of(checkpointId).complete(null);
        }

        @Override
        public void aborted(long checkpointId) {
            of(checkpointId).completeExceptionally(new IllegalStateException("checkpoint " + checkpointId
                    + " was aborted"));
        }
    }

    private static JsonNode post(String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BENCH_TOKEN);
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + BENCH_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
