package io.cairn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.testing.CairnProcess;
import io.cairn.testing.ClusterCatalog;
import io.cairn.testing.SharedPostgres;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

import static io.cairn.bench.BenchArgs.arg;

/**
 * How long a job goes without checkpoints when the replica coordinating it dies: replicas as real
 * processes on one embedded PostgreSQL, each of J jobs with 4 subtasks checkpointing every second;
 * K times, kill -9 of the replica coordinating the most jobs, measured from the kill until every
 * one of its jobs has completed a checkpoint under its new owner (first job and last job), then the
 * killed replica is started again and the jobs rebalance before the next kill. Uses the production
 * lease settings unless told otherwise.
 *
 * <p>Needs the packaged jar ({@code ./mvnw -q package -DskipTests}). Arguments (optional):
 * {@code jobs=6 kills=10 ttl=15s renewal=5s margin=3s}.
 */
public final class TakeoverBench {

    private TakeoverBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(arg(args, "jobs", "6"));
        int kills = Integer.parseInt(arg(args, "kills", "10"));
        Duration ttl = Duration.parse("PT" + arg(args, "ttl", "15s"));
        String renewal = arg(args, "renewal", "5s");
        String margin = arg(args, "margin", "3s");
        Path dir = Files.createTempDirectory(Path.of("target"), "bench-takeover-").toAbsolutePath();
        String database = SharedPostgres.freshDatabase();
        ClusterCatalog catalog = new ClusterCatalog(database);
        Map<String, CairnProcess> replicas = new HashMap<>();
        List<TestAgents> agents = new ArrayList<>();
        RestAssured.reset();
        TestAuth.adminByDefault();
        // "s" is where agents register (the Service in Kubernetes) and is never killed; x and y take turns dying.
        List<String> ids = List.of("s", "x", "y");
        try {
            for (String id : ids) {
                replicas.put(id, start(id, dir, database, ttl, renewal, margin));
            }
            String service = replicas.get("s").url();
            for (int i = 0; i < jobs; i++) {
                String job = "job-" + i;
                given().baseUri(service)
                        .contentType(ContentType.JSON)
                        .body("{\"jobId\":\"" + job + "\",\"name\":\"j\",\"tasks\":[{\"taskId\":\"t\","
                                + "\"parallelism\":4}],\"checkpointing\":{\"interval\":\"PT1S\"}}")
                        .post("/api/v1/jobs")
                        .then()
                        .statusCode(201);
                agents.add(new TestAgents(service, job).stateBytes(1024).start("t", 4));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d jobs x 4 subtasks, interval 1 s, lease TTL %s, renewal %s, margin %s%n",
                    jobs,
                    ttl,
                    renewal,
                    margin);
            System.out.println("| kill | victim | its jobs | first job checkpointing again s | last job s |");
            System.out.println("| --: | --- | --: | --: | --: |");
            List<Double> firsts = new ArrayList<>();
            List<Double> lasts = new ArrayList<>();
            for (int kill = 1; kill <= kills; kill++) {
                awaitBalanced(catalog, jobs, ids.size());
                String victim = catalog.ownedBy().get("x") >= catalog.ownedBy().get("y") ? "x" : "y";
                Map<String, Long> before = catalog.latestCompleted();
                List<String> itsJobs = catalog.owners().entrySet().stream()
                        .filter(lease -> lease.getValue().equals(victim))
                        .map(Map.Entry::getKey)
                        .toList();
                replicas.remove(victim).kill();
                long killedAt = System.nanoTime();
                Map<String, Double> resumedAfter = new HashMap<>();
                while (resumedAfter.size() < itsJobs.size()) {
                    Map<String, Long> latest = catalog.latestCompleted();
                    Map<String, String> owners = catalog.owners();
                    for (String job : itsJobs) {
                        if (!resumedAfter.containsKey(job)
                                && latest.get(job) > before.get(job)
                                && owners.containsKey(job)
                                && !owners.get(job).equals(victim)) {
                            resumedAfter.put(job, (System.nanoTime() - killedAt) / 1e9);
                        }
                    }
                    Thread.sleep(50);
                }
                double first = resumedAfter.values().stream().mapToDouble(d -> d).min().orElseThrow();
                double last = resumedAfter.values().stream().mapToDouble(d -> d).max().orElseThrow();
                firsts.add(first);
                lasts.add(last);
                System.out.printf(
                        Locale.ROOT, "| %d | %s | %d | %.1f | %.1f |%n", kill, victim, itsJobs.size(), first, last);
                replicas.put(victim, start(victim, dir, database, ttl, renewal, margin));
            }
            System.out.printf(
                    Locale.ROOT,
                    "first job: p50 %.1f s, max %.1f s; last job: p50 %.1f s, max %.1f s (TTL %d s)%n",
                    percentile(firsts, 50),
                    percentile(firsts, 100),
                    percentile(lasts, 50),
                    percentile(lasts, 100),
                    ttl.toSeconds());
        } finally {
            agents.forEach(TestAgents::close);
            replicas.values().forEach(CairnProcess::close);
        }
        System.exit(0);
    }

    private static CairnProcess start(
            String id, Path dir, String database, Duration ttl, String renewal, String margin) {
        return CairnProcess.start(
                dir.resolve("cairn-" + id + ".log"),
                List.of(
                        "--spring.profiles.active=postgres",
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--logging.level.io.cairn=WARN",
                        "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                        "--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints"),
                        "--cairn.security.admin-token-file=" + dir.resolve("admin-token-" + id),
                        "--cairn.cluster.enabled=true",
                        "--cairn.cluster.replica-id=" + id,
                        "--cairn.cluster.lease-ttl=" + ttl.toMillis() + "ms",
                        "--cairn.cluster.lease-renewal=" + renewal,
                        "--cairn.cluster.safety-margin=" + margin));
    }

    private static void awaitBalanced(ClusterCatalog catalog, int jobs, int replicas) throws InterruptedException {
        int share = (jobs + replicas - 1) / replicas;
        while (true) {
            Map<String, Integer> counts = catalog.ownedBy();
            if (counts.values().stream().mapToInt(Integer::intValue).sum() == jobs
                    && counts.size() == replicas
                    && counts.values().stream().allMatch(count -> count <= share)) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

}
