package io.cairn.retention;

import java.nio.file.Path;
import java.util.List;

import io.cairn.testing.SharedPostgres;

/** Crash recovery with a real PostgreSQL catalog (the postgres profile). */
class PostgresCrashRecoveryIT extends CrashRecoveryContract {

    @Override
    protected List<String> catalog(Path dir) {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + SharedPostgres.freshDatabase(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=");
    }
}
