package io.cairn.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** What an operator reaches: health groups, metrics, the API description and Swagger UI, and nothing more. */
class OperationsIT extends SharedCairn {

    @LocalServerPort
    int port;

    @BeforeEach
    void pointRestAssuredAtTheServer() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @Test
    void healthIsUpAndIncludesTheCheckpointStorage() {
        given().get("/actuator/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.checkpointStorage.status", equalTo("UP"))
                .body("components.checkpointStorage.details.root", containsString("checkpoints"));
    }

    @Test
    void anonymousCallersGetTheStatusWithoutDetails() {
        given().noFilters()
                .get("/actuator/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components", nullValue())
                .body(not(containsString("checkpoints")));
    }

    @Test
    void aJobWhoseCheckpointsFailIsDegradedInTheDetailsWhileCairnStaysUp() {
        given().contentType("application/json")
                .body("{\"jobId\":\"failing\",\"name\":\"f\",\"tasks\":["
                        + "{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"tolerableFailures\":0}}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        String secret = TestAuth.agentSecret("http://127.0.0.1:" + port, "failing");
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "failing")
                .withSecret(secret)
                .behave("t/0", TestAgents.Behaviour.DECLINE)
                .start("t", 1)) {
            long id = given().post("/api/v1/jobs/failing/checkpoints")
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            await().until(() -> "FAILED"
                    .equals(given().get("/api/v1/jobs/failing/checkpoints/{id}", id)
                            .then()
                            .extract()
                            .path("status")));

            given().get("/actuator/health")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("components.checkpointing.components.failing.status", equalTo("DEGRADED"))
                    .body("components.checkpointing.components.failing.details.consecutiveFailures", equalTo(1));
            given().get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void livenessAndReadinessGroupsAnswer() {
        given().get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/actuator/health/readiness")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.keySet()", hasItems("checkpointStorage", "db", "readinessState"));
    }

    @Test
    void prometheusServesMetricsInItsTextFormat() {
        given().get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("http_server_requests"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"env", "beans", "heapdump", "threaddump", "loggers", "configprops", "mappings", "shutdown"})
    void sensitiveActuatorEndpointsAreNotExposed(String endpoint) {
        given().get("/actuator/" + endpoint).then().statusCode(404);
    }

    @Test
    void theOpenApiDescriptionGivesEveryOperationASummary() {
        JsonPath api =
                given().get("/v3/api-docs").then().statusCode(200).extract().jsonPath();

        Map<String, Map<String, Map<String, Object>>> paths = api.getMap("paths");
        assertThat(paths)
                .containsKeys(
                        "/api/v1/jobs",
                        "/api/v1/jobs/{jobId}",
                        "/api/v1/jobs/{jobId}/checkpointing",
                        "/api/v1/jobs/{jobId}/cancel",
                        "/api/v1/jobs/{jobId}/fail",
                        "/api/v1/jobs/{jobId}/finish",
                        "/api/v1/jobs/{jobId}/agents",
                        "/api/v1/jobs/{jobId}/agents/{taskId}/{subtask}");
        paths.forEach((path, operations) -> operations.forEach((method, operation) ->
                assertThat(operation.get("summary")).as(method + " " + path).isNotNull()));
        assertThat(api.getString("paths.'/api/v1/jobs'.post.requestBody.content.'application/json'.example.jobId"))
                .isEqualTo("orders-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsStatusesProblemsParametersAndExamples() {
        JsonPath api =
                given().get("/v3/api-docs").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = api.getMap("paths");
        assertThat(paths).hasSizeGreaterThan(15);

        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String name = method.toUpperCase() + " " + path;
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertThat(responses.keySet())
                    .as(name)
                    .anyMatch(status -> status.startsWith("2"))
                    .anyMatch(status -> status.startsWith("4"));
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(response.get("description"))
                            .as(name + " " + status)
                            .asString()
                            .startsWith("Problem types: urn:cairn:problem:");
                    assertThat((Map<String, Object>) response.get("content"))
                            .as(name + " " + status)
                            .containsKey("application/problem+json");
                } else if (!method.equals("delete")) {
                    assertThat(((Map<String, Map<String, Object>>) response.get("content")).values())
                            .as("response example of " + name)
                            .allMatch(media -> media.get("example") != null);
                }
            });
            for (Map<String, Object> parameter :
                    (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                assertThat(parameter.get("description"))
                        .as(name + " parameter " + parameter.get("name"))
                        .isNotNull();
            }
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            if (body != null) {
                assertThat(((Map<String, Map<String, Object>>) body.get("content")).values())
                        .as("request example of " + name)
                        .allMatch(media -> media.get("example") != null);
            }
            boolean agentCallback = path.endsWith("/acks") || path.endsWith("/declines") || path.contains("/agents/");
            assertThat((List<String>) operation.get("tags"))
                    .as(name)
                    .contains(agentCallback ? "Agent protocol" : ((List<String>) operation.get("tags")).get(0));
            if (agentCallback) {
                assertThat(operation.get("security"))
                        .as(name)
                        .asString()
                        .contains("agentSignature")
                        .doesNotContain("bearer");
                assertThat(responses.get("401").get("description")).asString().contains("agent-signature-invalid");
            }
        }));
        assertThat(api.getList("components.schemas.Acknowledge.required", String.class))
                .contains("checkpointId", "subtask", "stateSize");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRequestExampleIsAcceptedByARunningCairn() {
        JsonPath api =
                given().get("/v3/api-docs").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = api.getMap("paths");
        ObjectMapperHolder json = new ObjectMapperHolder();
        List<String[]> examples = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            if (body != null) {
                ((Map<String, Map<String, Object>>) body.get("content"))
                        .forEach((type, media) ->
                                examples.add(new String[] {method, path, type, json.write(media.get("example"))}));
            }
        }));
        // The registration first (it makes the job the others name), the end of the job last.
        examples.sort(java.util.Comparator.comparingInt(
                example -> example[1].equals("/api/v1/jobs") ? 0 : example[1].endsWith("/fail") ? 2 : 1));
        String secret = null;
        for (String[] example : examples) {
            String path = example[1]
                    .replace("{jobId}", "orders-1")
                    .replace("{taskId}", "source")
                    .replace("{subtask}", "0")
                    .replace("{checkpointId}", "7")
                    .replace("{flinkJobId}", "5f3c8e0a9d1b4c7e8f2a6b3d1e0c9f7a");
            // The Flink example's directory, moved under this context's cairn.flink.checkpoint-roots.
            String body = example[3].replace("file:/srv/flink/checkpoints", "file:" + data().resolve("flink"));
            var request = given().contentType(example[2]).body(body);
            if (path.endsWith("/acks") || path.endsWith("/declines") || path.contains("/agents/")) {
                request.filter(TestAuth.signedAs(secret));
            }
            var response =
                    request.request(example[0].toUpperCase(), path).then().extract();
            assertThat(response.statusCode())
                    .as(example[0] + " " + path + " " + body + " -> " + response.asString())
                    .isNotEqualTo(400);
            // The Flink examples name a JobManager that is not there: a 503 saying so is the documented answer.
            if (!"urn:cairn:problem:flink-unavailable".equals(response.path("type"))) {
                assertThat(response.statusCode())
                        .as(example[0] + " " + path + " -> " + response.asString())
                        .isLessThan(500);
            }
            if (example[1].equals("/api/v1/jobs")) {
                assertThat(response.statusCode()).isEqualTo(201);
                secret = response.path("agentSecret");
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(9);
    }

    /** Writes examples back to JSON exactly as the description gives them. */
    private static final class ObjectMapperHolder {
        private final tools.jackson.databind.json.JsonMapper mapper =
                tools.jackson.databind.json.JsonMapper.builder().build();

        String write(Object value) {
            return mapper.writeValueAsString(value);
        }
    }

    @Test
    void swaggerUiIsServed() {
        given().redirects()
                .follow(true)
                .get("/swagger-ui.html")
                .then()
                .statusCode(200)
                .body(containsString("swagger-ui"));
    }
}
