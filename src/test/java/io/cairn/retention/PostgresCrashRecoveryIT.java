package io.cairn.retention;

import java.nio.file.Path;
import java.util.List;

import io.cairn.config.FaultInjection.Point;
import io.cairn.testing.RunsAlongside;
import io.cairn.testing.SharedPostgres;

/** Crash recovery with a real PostgreSQL catalog (the postgres profile). */
@RunsAlongside
class PostgresCrashRecoveryIT extends CrashRecoveryContract {

    /**
     * Killed after _metadata was published but before its commit, and in the middle of a deletion:
     * the two points where what the catalog kept across the kill decides what recovery does.
     */
    @Override
    protected boolean covers(Point point) {
        return point == Point.AFTER_METADATA || point == Point.MID_DELETION;
    }

    @Override
    protected List<String> catalog(Path dir) {
        return List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + SharedPostgres.freshDatabase(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
    }
}
