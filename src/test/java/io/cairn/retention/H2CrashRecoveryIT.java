package io.cairn.retention;

import java.nio.file.Path;
import java.util.List;

import io.cairn.testing.RunsAlongside;

/** Crash recovery with the embedded H2 catalog. */
@RunsAlongside
class H2CrashRecoveryIT extends CrashRecoveryContract {

    @Override
    protected List<String> catalog(Path dir) {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }
}
