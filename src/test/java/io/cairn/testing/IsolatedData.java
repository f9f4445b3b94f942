package io.cairn.testing;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points an application context at its own H2 file database and checkpoint roots under
 * {@code target/}, so test classes never see each other's jobs.
 */
public final class IsolatedData {

    private IsolatedData() {}

    public static Path register(DynamicPropertyRegistry registry, String name) {
        Path dir = TestDirectories.fresh(name);
        register(registry, dir);
        return dir;
    }

    public static void register(DynamicPropertyRegistry registry, Path dir) {
        registerWithoutTokens(registry, dir);
        TestAuth.register(registry);
    }

    /** As {@link #register}, with no API token configured: Cairn generates its ADMIN token into the directory. */
    public static void registerWithoutTokens(DynamicPropertyRegistry registry, Path dir) {
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:" + dir.resolve("cairn") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("cairn.storage.checkpoint-root", () -> "file:" + dir.resolve("checkpoints"));
        registry.add("cairn.storage.savepoint-root", () -> "file:" + dir.resolve("savepoints"));
        registry.add("cairn.flink.checkpoint-roots", () -> "file:" + dir.resolve("flink"));
        registry.add(
                "cairn.security.admin-token-file",
                () -> dir.resolve("admin-token").toString());
    }
}
