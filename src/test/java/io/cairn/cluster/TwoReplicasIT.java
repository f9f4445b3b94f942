package io.cairn.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.CairnApplication;
import io.cairn.testing.InProcessCairn;
import io.cairn.testing.SharedPostgres;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.cairn.testing.TestDirectories;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;

/**
 * Two replicas on one PostgreSQL catalog and one checkpoint root: the jobs are shared out, each
 * coordinated by exactly one replica, and when one replica stops the other takes its jobs over and
 * their checkpoints continue with higher ids.
 */
class TwoReplicasIT {

    private static final int JOBS = 4;
    /** Manual triggers per job and minute; the test's first trigger spends one. */
    private static final int RATE_LIMIT = 4;

    @Test
    void jobsAreSharedOutAndTakenOverWhenAReplicaStops() {
        Path dir = TestDirectories.fresh("two-replicas");
        String database = SharedPostgres.freshDatabase();
        JdbcTemplate catalog = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), database));
        RestAssured.reset();
        TestAuth.adminByDefault();
        List<TestAgents> agents = new ArrayList<>();

        try (ConfigurableApplicationContext b = replica("b", dir, database)) {
            String survivor = InProcessCairn.url(b);
            try (ConfigurableApplicationContext a = replica("a", dir, database)) {
                for (int i = 0; i < JOBS; i++) {
                    String job = "shared-" + i;
                    given().port(InProcessCairn.port(i % 2 == 0 ? a : b))
                            .contentType(ContentType.JSON)
                            .body("{\"jobId\":\"" + job + "\",\"name\":\"s\",\"tasks\":[{\"taskId\":\"t\","
                                    + "\"parallelism\":1}],\"checkpointing\":{\"interval\":\"PT0.3S\"}}")
                            .post("/api/v1/jobs")
                            .then()
                            .statusCode(201);
                    // Agents register and renew with b, the replica that stays; acks go to whichever owns the job.
                    agents.add(new TestAgents(survivor, job).start("t", 1));
                }

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> owners(catalog).values().stream()
                                        .filter("a"::equals)
                                        .count()
                                == JOBS / 2);
                assertThat(owners(catalog)).hasSize(JOBS).containsValues("a", "b");
                // Any replica shows who coordinates what.
                given().port(InProcessCairn.port(b))
                        .get("/api/v1/cluster")
                        .then()
                        .statusCode(200)
                        .body("enabled", equalTo(true))
                        .body("self", equalTo("b"))
                        .body("replicas.replicaId", contains("a", "b"))
                        .body("replicas.live", contains(true, true))
                        .body("replicas.find { it.replicaId == 'a' }.jobs.size()", equalTo(JOBS / 2))
                        .body("replicas.find { it.replicaId == 'b' }.jobs.epoch", everyItem(greaterThan(0)));
                // A job's view names its coordinator, on any replica.
                given().port(InProcessCairn.port(a))
                        .get("/api/v1/jobs/shared-0")
                        .then()
                        .body("coordinator", equalTo(owners(catalog).get("shared-0")));
                Map<String, Long> before = new HashMap<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    before.putAll(latestCompleted(catalog));
                    return before.size() == JOBS;
                });

                // A trigger sent to the replica that does not coordinate the job is carried out by the one that does.
                given().port(InProcessCairn.port(a))
                        .contentType(ContentType.JSON)
                        .body("{\"jobId\":\"manual\",\"name\":\"m\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}]}")
                        .post("/api/v1/jobs")
                        .then()
                        .statusCode(201);
                agents.add(new TestAgents(survivor, "manual").start("t", 1));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> owners(catalog).containsKey("manual"));
                ConfigurableApplicationContext notOwner =
                        owners(catalog).get("manual").equals("a") ? b : a;
                long manual = given().port(InProcessCairn.port(notOwner))
                        .post("/api/v1/jobs/manual/checkpoints")
                        .then()
                        .statusCode(202)
                        .extract()
                        .jsonPath()
                        .getLong("checkpointId");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> "COMPLETED"
                                .equals(given().port(InProcessCairn.port(notOwner))
                                        .get("/api/v1/jobs/manual/checkpoints/{id}", manual)
                                        .then()
                                        .extract()
                                        .path("status")));

                // The job's rate limit is one allowance wherever requests land: of the next
                // triggers, spread over both replicas, exactly the ones beyond the limit get 429.
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < RATE_LIMIT; i++) {
                    statuses.add(given().port(InProcessCairn.port(i % 2 == 0 ? a : b))
                            .post("/api/v1/jobs/manual/checkpoints")
                            .then()
                            .extract()
                            .statusCode());
                }
                assertThat(statuses.subList(0, RATE_LIMIT - 1)).doesNotContain(429);
                assertThat(statuses.get(RATE_LIMIT - 1)).isEqualTo(429);
            }

            // a stopped and gave its leases up: b takes every job on its next renewals.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> owners(catalog).values().stream().allMatch("b"::equals)
                            && owners(catalog).size() == JOBS + 1);
            Map<String, Long> afterStop = latestCompleted(catalog);
            afterStop.remove("manual");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<String, Long> now = latestCompleted(catalog);
                return afterStop.keySet().stream().allMatch(job -> now.get(job) > afterStop.get(job));
            });
            assertThat(catalog.queryForObject(
                            "SELECT COUNT(*) FROM checkpoints WHERE status = 'PENDING' AND triggered_at <"
                                    + " CURRENT_TIMESTAMP - INTERVAL '30' SECOND",
                            Integer.class))
                    .as("nothing a stops leaves pending for good")
                    .isZero();
            assertThat(catalog.queryForObject(
                            "SELECT COUNT(*) FROM (SELECT job_pk, checkpoint_id FROM checkpoints"
                                    + " GROUP BY job_pk, checkpoint_id HAVING COUNT(*) > 1) duplicates",
                            Integer.class))
                    .isZero();
        } finally {
            agents.forEach(TestAgents::close);
        }
    }

    private static ConfigurableApplicationContext replica(String id, Path dir, String database) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                "--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints"),
                "--cairn.security.admin-token-file=" + dir.resolve("admin-token-" + id),
                "--cairn.cluster.enabled=true",
                "--cairn.cluster.replica-id=" + id,
                "--cairn.cluster.lease-ttl=3s",
                "--cairn.cluster.lease-renewal=300ms",
                "--cairn.cluster.safety-margin=1s",
                "--cairn.security.requests-per-minute=" + RATE_LIMIT));
        TestAuth.args().stream()
                .filter(arg -> !arg.startsWith("--cairn.security.requests-per-minute="))
                .forEach(args::add);
        return new SpringApplicationBuilder(CairnApplication.class).run(args.toArray(String[]::new));
    }

    /** Job id to the replica that holds its live lease. */
    private static Map<String, String> owners(JdbcTemplate catalog) {
        Map<String, String> owners = new HashMap<>();
        catalog.query(
                "SELECT j.job_id, l.owner FROM job_leases l JOIN jobs j ON j.id = l.job_pk"
                        + " WHERE l.owner IS NOT NULL AND l.expires_at > CURRENT_TIMESTAMP",
                row -> {
                    owners.put(row.getString(1), row.getString(2));
                });
        return owners;
    }

    /** Job id to its newest completed checkpoint id, for jobs with one. */
    private static Map<String, Long> latestCompleted(JdbcTemplate catalog) {
        Map<String, Long> latest = new HashMap<>();
        catalog.query(
                "SELECT j.job_id, MAX(c.checkpoint_id) FROM checkpoints c JOIN jobs j ON j.id = c.job_pk"
                        + " WHERE c.status IN ('COMPLETED', 'DISCARDED') GROUP BY j.job_id",
                row -> {
                    latest.put(row.getString(1), row.getLong(2));
                });
        return latest;
    }
}
