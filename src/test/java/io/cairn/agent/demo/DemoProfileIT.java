package io.cairn.agent.demo;

import java.time.Duration;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAuth;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** The {@code demo} profile registers its job, starts six agents and checkpoints periodically. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cairn.demo.interval=300ms")
@ActiveProfiles("demo")
class DemoProfileIT {

    private static java.nio.file.Path data;

    @org.junit.jupiter.api.BeforeEach
    void resetRestAssured() throws java.io.IOException {
        // Other test classes set RestAssured's static base path; this one gives full paths.
        io.restassured.RestAssured.reset();
        // No token is configured: the demo and this test both use the one Cairn generated.
        TestAuth.byDefault(
                java.nio.file.Files.readString(data.resolve("admin-token")).trim());
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        data = io.cairn.testing.TestDirectories.fresh("demo-profile");
        IsolatedData.registerWithoutTokens(registry, data);
    }

    @Test
    void theDemoJobCompletesPeriodicCheckpointsAndFollowsARescale() throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().port(port)
                        .get("/api/v1/jobs/demo/checkpoints/stats")
                        .then()
                        .statusCode(200)
                        .body("counts.completed", greaterThanOrEqualTo(3)));

        given().port(port).get("/api/v1/jobs/demo/agents").then().body("registered", equalTo(6));
        org.assertj.core.api.Assertions.assertThat(
                        java.nio.file.Files.getPosixFilePermissions(data.resolve("admin-token")))
                .as("only Cairn's user may read the generated token")
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        given().port(port)
                .get("/api/v1/jobs/demo/checkpoints/latest")
                .then()
                .statusCode(200)
                .body("numAcknowledged", equalTo(6));

        // The README's rescale, as written: the demo follows its job to 8 counters.
        long restore = given().port(port)
                .contentType("application/json")
                .body("{\"source\": {\"latest\": true}, "
                        + "\"tasks\": [{\"taskId\": \"source\", \"parallelism\": 2}, {\"taskId\": \"count\", "
                        + "\"parallelism\": 8}]}")
                .post("/api/v1/jobs/demo/restores")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("restoreId");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().port(port)
                        .get("/api/v1/jobs/demo/restores/{id}", restore)
                        .then()
                        .body("status", equalTo("SUCCEEDED")));
        given().port(port)
                .get("/api/v1/jobs/demo/agents")
                .then()
                .body("registered", equalTo(10))
                .body("missing.size()", equalTo(0));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().port(port)
                        .get("/api/v1/jobs/demo/checkpoints/latest")
                        .then()
                        .statusCode(200)
                        .body("numAcknowledged", equalTo(10)));
    }
}
