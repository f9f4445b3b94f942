package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM (zonky's embedded binaries), shared because it takes
 * seconds to start. Each test class gets a database of its own.
 */
public final class SharedPostgres {

    private static EmbeddedPostgres postgres;
    private static int databases;

    private SharedPostgres() {}

    /** Creates a fresh database; returns its JDBC URL (user {@code postgres}, no password). */
    public static synchronized String freshDatabase() {
        String name = "cairn_" + (++databases);
        try (var connection = server().getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(
                                TestDirectories.fresh("postgres").toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (IOException ignored) {
                                    // The JVM is going away; the server dies with it.
                                }
                            },
                            "postgres-shutdown"));
        }
        return postgres;
    }

    /** Creates a fresh database and points Spring's data source (and so Flyway) at it. */
    public static synchronized String registerFreshDatabase(DynamicPropertyRegistry registry) {
        String url = freshDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        return url;
    }
}
