package io.cairn.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.cairn.testing.CairnProcess;
import io.cairn.testing.RunsAlongside;
import io.cairn.testing.TestDirectories;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Dockerfile's run stage without Docker: the jar's layers are extracted exactly as the build
 * stage does, copied together as the COPY lines do, and the launcher started as the ENTRYPOINT does.
 */
@RunsAlongside
class DockerRunStageIT {

    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    @Test
    void theExtractedLayeredApplicationStartsAndReportsHealthUp() throws Exception {
        Path dir = TestDirectories.fresh("docker-run-stage");
        Process extract = new ProcessBuilder(
                        CairnProcess.javaBinary(),
                        "-Djarmode=tools",
                        "-jar",
                        CairnProcess.jar().toString(),
                        "extract",
                        "--layers",
                        "--launcher",
                        "--destination",
                        dir.resolve("extracted").toString())
                .inheritIO()
                .start();
        assertThat(extract.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(extract.exitValue()).isZero();
        Path app = Files.createDirectories(dir.resolve("app"));
        for (String layer : LAYERS) {
            copyTree(dir.resolve("extracted").resolve(layer), app);
        }
        assertThat(app.resolve("org/springframework/boot/loader/launch/JarLauncher.class"))
                .exists();

        try (CairnProcess cairn = CairnProcess.startExtracted(app, dir.resolve("cairn.log"), List.of())) {
            given(cairn.api()).get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
        }
        assertThat(app.resolve("data/cairn.mv.db")).exists();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
