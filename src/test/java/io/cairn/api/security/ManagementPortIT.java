package io.cairn.api.security;

import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;

/** With the actuator on its own port, the same rules hold there, and the API port serves no actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortIT {

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "management-port");
    }

    @Test
    void onlyHealthAndPrometheusAreOpenOnTheManagementPortAndTheApiPortHasNoActuator() {
        RestAssured.reset();
        given().port(managementPort).get("/actuator/health/readiness").then().statusCode(200);
        given().port(managementPort).get("/actuator/prometheus").then().statusCode(200);
        given().port(managementPort).get("/actuator/info").then().statusCode(401);
        given().spec(TestAuth.as(TestAuth.VIEWER))
                .port(managementPort)
                .get("/actuator/info")
                .then()
                .statusCode(200);
        given().spec(TestAuth.as(TestAuth.ADMIN))
                .port(managementPort)
                .get("/actuator/env")
                .then()
                .statusCode(404);

        given().spec(TestAuth.as(TestAuth.ADMIN))
                .port(apiPort)
                .get("/actuator/prometheus")
                .then()
                .statusCode(404);
        given().port(apiPort).get("/api/v1/jobs").then().statusCode(401);
        given().spec(TestAuth.as(TestAuth.VIEWER))
                .port(apiPort)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
    }
}
