package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.common.DaemonThreads;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.RequestSignature;
import io.cairn.testing.CairnProcess;
import io.cairn.testing.TestAuth;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.cairn.bench.BenchArgs.arg;

/**
 * One Cairn replica carrying thousands of agents: J jobs of P subtasks each checkpointing every
 * interval, their agents served by one light "agent farm" (a single JDK HTTP server in this JVM that
 * answers for every subtask, acks at once with a small inline state, and renews an agent once Cairn
 * has not seen it for 12 s, an ack answered {@code renewed} counting, as the SDK does). Cairn runs
 * as its own process with production JVM settings, so its CPU is read from the operating system
 * ({@code /proc/<pid>/stat}): everything it spends, GC and JIT included.
 *
 * <p>Prints, over the measured window: checkpoints completed and aborted per second, Cairn's CPU
 * in cores and per agent per checkpoint, and the trigger lag: how much later than one interval
 * after its previous trigger (by the trigger's own timestamp) each subtask's trigger arrived (p50,
 * p99, max), and how long a trigger took from Cairn's timestamp to the agent (p99).
 *
 * <p>Needs the packaged jar ({@code ./mvnw -q package -DskipTests}). Arguments (optional):
 * {@code jobs=1250 subtasks=4 interval=10s warmup=40s measure=120s state=1024 heap=2g jfr=<file>}.
 */
public final class ScaleBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(arg(args, "jobs", "1250"));
        int subtasks = Integer.parseInt(arg(args, "subtasks", "4"));
        Duration interval = Duration.parse("PT" + arg(args, "interval", "10s"));
        Duration warmup = Duration.parse("PT" + arg(args, "warmup", "40s"));
        Duration measure = Duration.parse("PT" + arg(args, "measure", "120s"));
        int stateBytes = Integer.parseInt(arg(args, "state", "1024"));
        boolean batched = Boolean.parseBoolean(arg(args, "batched", "false"));
        Path dir = Files.createTempDirectory(Path.of("target"), "bench-scale-").toAbsolutePath();
        List<String> settings = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                "--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints"),
                "--cairn.security.requests-per-minute=100000000",
                "--logging.level.io.cairn=WARN"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + arg(args, "heap", "2g")));
        if (!arg(args, "jfr", "").isEmpty()) {
            jvm.add("-XX:StartFlightRecording=filename=" + arg(args, "jfr", "") + ",settings=profile");
            jvm.add("-XX:FlightRecorderOptions=stackdepth=256");
        }
        try (CairnProcess cairn = CairnProcess.start(dir.resolve("cairn.log"), jvm, settings);
                Farm farm = new Farm(cairn.url(), interval, stateBytes, batched)) {
            System.out.printf(Locale.ROOT, "%d jobs x %d subtasks = %d agents%s, every %s, %d B inline state; Cairn pid %d%n",
                    jobs, subtasks, jobs * subtasks, batched ? " (batched: one URL per job)" : "", interval, stateBytes,
                    cairn.pid());
            for (int job = 0; job < jobs; job++) {
                farm.addJob("scale-" + job, subtasks);
            }
            farm.registerAll();
            System.out.printf(Locale.ROOT, "registered; warming up for %s%n", warmup);
            TimeUnit.MILLISECONDS.sleep(warmup.toMillis());
            farm.reset();
            long cpuBefore = cpuTicks(cairn.pid());
            long farmCpuBefore = farmCpuNanos();
            long start = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(measure.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double cairnCpuSeconds = (cpuTicks(cairn.pid()) - cpuBefore) / 100.0;
            double farmCpuSeconds = (farmCpuNanos() - farmCpuBefore) / 1e9;
            farm.report(seconds, cairnCpuSeconds, farmCpuSeconds);
        }
        System.exit(0);
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long farmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Every agent of every job, answered by one HTTP server; agent URLs are {@code /<job>/<subtask>},
     * or with {@code batched} {@code /<job>} for all the job's subtasks, registered batched: one
     * trigger per job's checkpoint, acked in one batch.
     */
    private static final class Farm implements AutoCloseable {

        /** The SDK's default renewal interval: renew once Cairn has not seen the agent for this long. */
        private static final long RENEW_AFTER_NANOS = TimeUnit.SECONDS.toNanos(12);

        private final String cairn;
        private final Duration interval;
        private final String inlineState;
        private final int stateBytes;
        private final boolean batched;
        private final HttpServer server;
        private final ExecutorService serverThreads = Executors.newFixedThreadPool(4, DaemonThreads.named("farm-http"));
        private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("farm-renew"));
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, DaemonThreads.named("farm-client")))
                .build();
        private final Map<String, String> secrets = new ConcurrentHashMap<>();
        private final Map<String, Integer> subtasksOf = new ConcurrentHashMap<>();
        /** Per subtask, Cairn's timestamp of the last trigger it received. */
        private final Map<String, Long> lastTrigger = new ConcurrentHashMap<>();
        private final Samples lag = new Samples();
        private final Samples delivery = new Samples();
        private final AtomicLong triggers = new AtomicLong();
        private final AtomicLong completeNotices = new AtomicLong();
        private final AtomicLong abortNotices = new AtomicLong();
        private final AtomicLong failedCalls = new AtomicLong();
        private final AtomicLong renewalsSent = new AtomicLong();
        /** Per subtask, when Cairn last saw it (System.nanoTime): registered, renewed, or an ack answered renewed. */
        private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

        Farm(String cairn, Duration interval, int stateBytes, boolean batched) throws IOException {
            this.cairn = cairn;
            this.batched = batched;
            this.interval = interval;
            this.stateBytes = stateBytes;
            this.inlineState = Base64.getEncoder().encodeToString(new byte[stateBytes]);
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.createContext("/", this::handle);
            server.setExecutor(serverThreads);
            server.start();
        }

        String url(String jobId, int subtask) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + jobId + (batched ? "" : "/" + subtask);
        }

        void addJob(String jobId, int subtasks) throws Exception {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(cairn + "/api/v1/jobs"))
                            .header("Authorization", "Bearer " + TestAuth.ADMIN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jobId\":\"" + jobId + "\",\"name\":\"scale\","
                                    + "\"tasks\":[{\"taskId\":\"t\",\"parallelism\":" + subtasks + "}],"
                                    + "\"checkpointing\":{\"interval\":\"" + interval + "\",\"numRetained\":1}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("registering " + jobId + ": " + response.statusCode() + " " + response.body());
            }
            secrets.put(jobId, JSON.readTree(response.body()).path("agentSecret").asString());
            subtasksOf.put(jobId, subtasks);
        }

        /**
         * Registers every agent once, then renews each once Cairn has not seen it for 12 s (looking
         * every second); the first renewals spread evenly over those 12 s.
         */
        void registerAll() throws InterruptedException {
            List<String[]> agents = new ArrayList<>();
            subtasksOf.forEach((jobId, count) -> {
                for (int subtask = 0; subtask < count; subtask++) {
                    agents.add(new String[] {jobId, Integer.toString(subtask)});
                }
            });
            Semaphore inFlight = new Semaphore(64);
            for (String[] agent : agents) {
                inFlight.acquire();
                register(agent[0], Integer.parseInt(agent[1])).whenComplete((ok, e) -> inFlight.release());
            }
            inFlight.acquire(64);
            inFlight.release(64);
            long now = System.nanoTime();
            for (int i = 0; i < agents.size(); i++) {
                lastSeen.put(agents.get(i)[0] + "/" + agents.get(i)[1], now - RENEW_AFTER_NANOS * i / agents.size());
            }
            renewals.scheduleWithFixedDelay(this::renewThoseDue, 1, 1, TimeUnit.SECONDS);
        }

        private void renewThoseDue() {
            long now = System.nanoTime();
            lastSeen.forEach((agent, seen) -> {
                if (now - seen >= RENEW_AFTER_NANOS) {
                    // Tried again 12 s later whatever the answer, as the SDK does.
                    lastSeen.put(agent, now);
                    renewalsSent.incrementAndGet();
                    String[] jobAndSubtask = agent.split("/");
                    register(jobAndSubtask[0], Integer.parseInt(jobAndSubtask[1]));
                }
            });
        }

        private java.util.concurrent.CompletableFuture<Void> register(String jobId, int subtask) {
            byte[] body = ("{\"url\":\"" + url(jobId, subtask) + "\"" + (batched ? ",\"batched\":true" : "") + "}")
                    .getBytes(StandardCharsets.UTF_8);
            return send("PUT", AgentPaths.registration(jobId, "t", subtask), jobId, body);
        }

        private java.util.concurrent.CompletableFuture<Void> send(String method, String path, String jobId, byte[] body) {
            return send(method, path, jobId, body, answer -> {});
        }

        private java.util.concurrent.CompletableFuture<Void> send(
                String method, String path, String jobId, byte[] body, Consumer<String> onAnswer) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cairn + path))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            RequestSignature.of(secrets.get(jobId))
                    .sign(method, path, body, System.currentTimeMillis())
                    .forEach(request::header);
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        if (response.statusCode() / 100 != 2) {
                            failedCalls.incrementAndGet();
                        } else {
                            onAnswer.accept(response.body());
                        }
                    })
                    .exceptionally(e -> {
                        failedCalls.incrementAndGet();
                        return null;
                    });
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.currentTimeMillis();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            // "", job, subtask, rest; batched: "", job, rest
            String[] parts = exchange.getRequestURI().getPath().split("/", batched ? 3 : 4);
            String jobId = parts[1];
            int subtask = batched ? 0 : Integer.parseInt(parts[2]);
            String rest = "/" + parts[batched ? 2 : 3];
            if (rest.equals(AgentPaths.TRIGGER)) {
                answer(exchange, 202, "");
                JsonNode trigger = JSON.readTree(body);
                if (batched) {
                    onBatchedTrigger(jobId, trigger, now);
                } else {
                    onTrigger(jobId, subtask, trigger, now);
                }
            } else if (rest.equals(AgentPaths.HEALTH)) {
                answer(exchange, 200, "{\"jobId\":\"" + jobId + "\",\"taskId\":\"t\",\"subtask\":" + subtask
                        + ",\"status\":\"UP\"}");
            } else if (rest.endsWith("/complete")) {
                // A batched agent hears once for all its subtasks: counted per subtask.
                completeNotices.addAndGet(batched ? subtasksOf.get(jobId) : 1);
                answer(exchange, 200, "");
            } else if (rest.endsWith("/abort")) {
                abortNotices.addAndGet(batched ? subtasksOf.get(jobId) : 1);
                answer(exchange, 200, "");
            } else {
                answer(exchange, 404, "");
            }
        }

        private void onTrigger(String jobId, int subtask, JsonNode trigger, long arrivedAt) {
            long checkpointId = trigger.path("checkpointId").asLong();
            String ack = ack(subtask, trigger, arrivedAt);
            send("POST", AgentPaths.acks(jobId, checkpointId), jobId, ack.getBytes(StandardCharsets.UTF_8), answer -> {
                if (answer.contains("\"renewed\":true")) {
                    lastSeen.put(jobId + "/" + subtask, System.nanoTime());
                }
            });
        }

        /** One trigger for the job's subtasks, acked in one batch. */
        private void onBatchedTrigger(String jobId, JsonNode trigger, long arrivedAt) {
            long checkpointId = trigger.path("checkpointId").asLong();
            List<Integer> subtasks = new ArrayList<>();
            StringBuilder batch = new StringBuilder("{\"checkpointId\":").append(checkpointId).append(",\"acks\":[");
            for (JsonNode each : trigger.path("subtasks")) {
                int subtask = each.path("subtask").asInt();
                batch.append(subtasks.isEmpty() ? "" : ",").append(ack(subtask, trigger, arrivedAt));
                subtasks.add(subtask);
            }
            batch.append("]}");
            send("POST", AgentPaths.ackBatches(jobId, checkpointId), jobId,
                    batch.toString().getBytes(StandardCharsets.UTF_8), answer -> {
                        JsonNode answers = JSON.readTree(answer).path("answers");
                        for (int i = 0; i < subtasks.size(); i++) {
                            if (answers.path(i).path("renewed").asBoolean()) {
                                lastSeen.put(jobId + "/" + subtasks.get(i), System.nanoTime());
                            }
                        }
                    });
        }

        /** Counts the subtask's trigger and its lag, and writes its ack. */
        private String ack(int subtask, JsonNode trigger, long arrivedAt) {
            triggers.incrementAndGet();
            String jobId = trigger.path("jobId").asString();
            long checkpointId = trigger.path("checkpointId").asLong();
            long timestamp = trigger.path("timestamp").asLong();
            delivery.add(arrivedAt - timestamp);
            // Due one interval after the previous trigger: how much later than that it got here.
            Long previous = lastTrigger.put(jobId + "/" + subtask, timestamp);
            if (previous != null) {
                lag.add(arrivedAt - previous - interval.toMillis());
            }
            return "{\"checkpointId\":" + checkpointId + ",\"taskId\":\"t\",\"subtask\":" + subtask
                    + ",\"handles\":[{\"location\":\"INLINE\",\"path\":null,\"size\":" + stateBytes + ",\"inline\":\""
                    + inlineState + "\",\"inFlight\":false,\"newlyCreated\":true}],\"stateSize\":" + stateBytes
                    + ",\"checkpointedSize\":" + stateBytes + ",\"inFlightBytes\":0,\"alignmentMs\":0,\"startDelayMs\":"
                    + Math.max(0, arrivedAt - timestamp) + ",\"syncMs\":0,\"asyncMs\":0}";
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }

        void reset() {
            lag.clear();
            delivery.clear();
            triggers.set(0);
            completeNotices.set(0);
            abortNotices.set(0);
            failedCalls.set(0);
            renewalsSent.set(0);
        }

        void report(double seconds, double cairnCpuSeconds, double farmCpuSeconds) {
            int agents = subtasksOf.values().stream().mapToInt(Integer::intValue).sum();
            double perJob = agents / (double) subtasksOf.size();
            long agentCheckpoints = completeNotices.get();
            System.out.println();
            System.out.println("| agents | triggers/s | completed ckpt/s | aborted ckpt/s | Cairn CPU cores "
                    + "| Cairn CPU ms per agent per ckpt | trigger lag p50 / p99 / max ms | delivery p99 ms "
                    + "| renewals/s | failed calls | farm CPU cores |");
            System.out.println("| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.2f | %.3f | %d / %d / %d | %d | %.1f | %d | %.2f |%n",
                    agents,
                    triggers.get() / seconds,
                    agentCheckpoints / perJob / seconds,
                    abortNotices.get() / perJob / seconds,
                    cairnCpuSeconds / seconds,
                    agentCheckpoints == 0 ? 0 : cairnCpuSeconds * 1000 / agentCheckpoints,
                    lag.percentile(0.5), lag.percentile(0.99), lag.percentile(1.0), delivery.percentile(0.99),
                    renewalsSent.get() / seconds,
                    failedCalls.get(),
                    farmCpuSeconds / seconds);
        }

        @Override
        public void close() {
            renewals.shutdownNow();
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    /** Millisecond samples from many threads. */
    private static final class Samples {

        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized long percentile(double quantile) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(quantile * size) - 1)];
        }
    }

}
