package io.cairn.job;

import java.nio.file.Path;

import io.cairn.testing.H2Files;
import io.cairn.testing.InProcessCairn;
import io.cairn.testing.TestAuth;
import io.cairn.testing.TestDirectories;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A job registered before the application stops is there, unchanged, after it starts again on the same files. */
class PersistenceAcrossRestartIT {

    @org.junit.jupiter.api.BeforeEach
    void resetRestAssured() {
        // Other test classes set RestAssured's static base path; this one gives full paths.
        io.restassured.RestAssured.reset();
        TestAuth.adminByDefault();
    }

    @Test
    void aRegisteredJobSurvivesARestartOfTheApplication() {
        Path dir = TestDirectories.fresh("restart");

        try (ConfigurableApplicationContext first = InProcessCairn.start(dir)) {
            given().port(InProcessCairn.port(first))
                    .contentType(ContentType.JSON)
                    .body(
                            "{\"jobId\":\"survivor\",\"name\":\"before restart\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":3}],"
                                    + "\"checkpointing\":{\"interval\":\"PT45S\",\"numRetained\":4}}")
                    .post("/api/v1/jobs")
                    .then()
                    .statusCode(201);
            given().port(InProcessCairn.port(first))
                    .post("/api/v1/jobs/survivor/fail")
                    .then()
                    .statusCode(200);
        }

        H2Files.awaitClosed(dir.resolve("cairn"));
        try (ConfigurableApplicationContext second = InProcessCairn.start(dir)) {
            given().port(InProcessCairn.port(second))
                    .get("/api/v1/jobs/survivor")
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("before restart"))
                    .body("state", equalTo("FAILED"))
                    .body("tasks[0].parallelism", equalTo(3))
                    .body("checkpointing.interval", equalTo("PT45S"))
                    .body("checkpointing.numRetained", equalTo(4));
        }
    }
}
