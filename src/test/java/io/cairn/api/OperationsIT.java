package io.cairn.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What an operator reaches: health groups, metrics, the API description and Swagger UI, and nothing more. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "operations");
    }

    @BeforeEach
    void pointRestAssuredAtTheServer() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @Test
    void healthIsUpAndIncludesTheCheckpointStorage() {
        given().get("/actuator/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.checkpointStorage.status", equalTo("UP"))
                .body("components.checkpointStorage.details.root", containsString("checkpoints"));
    }

    @Test
    void anonymousCallersGetTheStatusWithoutDetails() {
        given().noFilters().get("/actuator/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components", nullValue())
                .body(not(containsString("checkpoints")));
    }

    @Test
    void aJobWhoseCheckpointsFailIsDegradedInTheDetailsWhileCairnStaysUp() {
        given().contentType("application/json").body("{\"jobId\":\"failing\",\"name\":\"f\",\"tasks\":["
                + "{\"taskId\":\"t\",\"parallelism\":1}],\"checkpointing\":{\"tolerableFailures\":0}}")
                .post("/api/v1/jobs").then().statusCode(201);
        String secret = TestAuth.agentSecret("http://127.0.0.1:" + port, "failing");
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, "failing").withSecret(secret)
                .behave("t/0", TestAgents.Behaviour.DECLINE).start("t", 1)) {
            long id = given().post("/api/v1/jobs/failing/checkpoints").then().statusCode(202).extract().jsonPath()
                    .getLong("checkpointId");
            await().until(() -> "FAILED".equals(given().get("/api/v1/jobs/failing/checkpoints/{id}", id).then()
                    .extract().path("status")));

            given().get("/actuator/health").then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("components.checkpointing.components.failing.status", equalTo("DEGRADED"))
                    .body("components.checkpointing.components.failing.details.consecutiveFailures", equalTo(1));
            given().get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void livenessAndReadinessGroupsAnswer() {
        given().get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/actuator/health/readiness").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.keySet()", hasItems("checkpointStorage", "db", "readinessState"));
    }

    @Test
    void prometheusServesMetricsInItsTextFormat() {
        given().get("/actuator/prometheus").then().statusCode(200)
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
        JsonPath api = given().get("/v3/api-docs").then().statusCode(200).extract().jsonPath();

        Map<String, Map<String, Map<String, Object>>> paths = api.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/jobs", "/api/v1/jobs/{jobId}", "/api/v1/jobs/{jobId}/checkpointing",
                "/api/v1/jobs/{jobId}/cancel", "/api/v1/jobs/{jobId}/fail", "/api/v1/jobs/{jobId}/finish",
                "/api/v1/jobs/{jobId}/agents", "/api/v1/jobs/{jobId}/agents/{taskId}/{subtask}");
        paths.forEach((path, operations) -> operations.forEach((method, operation) ->
                assertThat(operation.get("summary")).as(method + " " + path).isNotNull()));
        assertThat(api.getString("paths.'/api/v1/jobs'.post.requestBody.content.'application/json'.example.jobId"))
                .isEqualTo("orders-1");
    }

    @Test
    void swaggerUiIsServed() {
        given().redirects().follow(true).get("/swagger-ui.html").then().statusCode(200)
                .body(containsString("swagger-ui"));
    }
}
