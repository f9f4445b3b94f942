package io.cairn.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators watch is there: every PromQL expression the chart ships (dashboard panels, its
 * variable, alert rules) names metrics and labels Cairn really exports, and the log tells the
 * lifecycle, read off a Cairn that went through each thing they watch: checkpoints completed,
 * failed and deleted, a savepoint, a restore, an orphan.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cairn.coordinator.agent-metrics-interval=200ms")
class MonitoringContractIT {

    private static final Path CHART = Path.of("helm", "cairn");
    private static final Pattern METRIC = Pattern.compile("(?<![$\\w])cairn_(?!job\\b)[a-z_]+");
    private static final Pattern SELECTOR = Pattern.compile("(cairn_[a-z_]+)\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]+)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static Path data;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        data = IsolatedData.register(registry, "monitoring");
    }

    @Test
    void everyDashboardAndAlertExpressionNamesExportedSeriesAndTheLifecycleIsLogged(CapturedOutput log)
            throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
        exerciseEverythingTheChartWatches();

        assertThat(log.getOut())
                .contains(
                        "Registered job watched (w) with 1 subtasks",
                        "Registered the agent of t/0 of job watched at http://127.0.0.1:",
                        "Triggering checkpoint 1 (ALIGNED) for job watched to 1 subtasks",
                        "Completed checkpoint 1 for job watched (",
                        "Completed savepoint 3 for job watched (",
                        "Checkpoint 4 of job watched failed (DECLINED): t/0 declined",
                        "Deleted checkpoint 1 of job watched (",
                        "of job watched SUCCEEDED");
        Map<String, Set<String>> exported = exportedSeries();

        List<String> expressions = new ArrayList<>(dashboardExpressions());
        List<String> rules = ruleExpressions();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        expressions.addAll(rules);
        for (String expression : expressions) {
            Set<String> labelsInScope = new HashSet<>(TARGET_LABELS);
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                assertThat(exported)
                        .as("metric %s in %s", metric.group(), expression)
                        .containsKey(metric.group());
                labelsInScope.addAll(exported.get(metric.group()));
            }
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                Matcher label = MATCHER_LABEL.matcher(selector.group(2));
                while (label.find()) {
                    assertThat(exported.get(selector.group(1)))
                            .as("label %s of %s in %s", label.group(1), selector.group(1), expression)
                            .contains(label.group(1));
                }
            }
            Matcher grouping = GROUPING.matcher(expression);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    assertThat(labelsInScope)
                            .as("label %s in %s", label.trim(), expression)
                            .contains(label.trim());
                }
            }
        }
    }

    private void exerciseEverythingTheChartWatches() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"watched\",\"name\":\"w\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"numRetained\":1}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"agentless\",\"name\":\"a\",\"tasks\":[" + "{\"taskId\":\"t\",\"parallelism\":1}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "watched").start("t", 1)) {
            agents.releaseRestores();
            awaitEnd(given().post("/api/v1/jobs/watched/checkpoints"), "COMPLETED");
            awaitEnd(given().post("/api/v1/jobs/watched/checkpoints"), "COMPLETED");
            awaitEnd(given().post("/api/v1/jobs/watched/savepoints"), "COMPLETED");
            agents.behave("t/0", TestAgents.Behaviour.DECLINE);
            awaitEnd(given().post("/api/v1/jobs/watched/checkpoints"), "FAILED");
            long restore = given().contentType(ContentType.JSON)
                    .body("{\"source\":{\"latest\":true}}")
                    .post("/api/v1/jobs/watched/restores")
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("restoreId");
            await().until(() -> "SUCCEEDED"
                    .equals(given().get("/api/v1/jobs/watched/restores/{id}", restore)
                            .then()
                            .extract()
                            .path("status")));
        }
        Path orphan = data.resolve("checkpoints/watched/shared/t-0/left-by-a-crash");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "orphaned");
        given().get("/api/v1/maintenance/orphans").then().statusCode(200);
        // Both are refreshed in the background: missing agents every 200 ms here, retained figures after retention ran.
        await().until(() -> exportedSeries()
                .keySet()
                .containsAll(List.of("cairn_agents_missing", "cairn_retention_retained_bytes")));
    }

    private static void awaitEnd(io.restassured.response.Response trigger, String status) {
        long id = trigger.then().statusCode(202).extract().jsonPath().getLong("checkpointId");
        await().until(() -> status.equals(given().get("/api/v1/jobs/watched/checkpoints/{id}", id)
                .then()
                .extract()
                .path("status")));
    }

    /** Metric name to the label names its series carry, from Cairn's Prometheus endpoint. */
    private static Map<String, Set<String>> exportedSeries() {
        Map<String, Set<String>> series = new HashMap<>();
        for (String line : given().get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = series.computeIfAbsent(name, key -> new HashSet<>());
            if (brace >= 0 && brace < space) {
                Matcher label =
                        Pattern.compile("([a-zA-Z_]+)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return series;
    }

    private static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(CHART.resolve("dashboards/cairn.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asString())));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asString().equals("query")) {
                // label_values(metric, label): the label must be on the metric.
                Matcher values = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)")
                        .matcher(variable.path("query").asString());
                assertThat(values.matches()).as(variable.toString()).isTrue();
                expressions.add("sum by (" + values.group(2) + ") (" + values.group(1) + ")");
            }
        });
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(CHART.resolve("alerts/cairn-rules.yaml")));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }
}
