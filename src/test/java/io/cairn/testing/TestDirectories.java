package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh directories under {@code target/}, so tests never write outside the build directory. */
public final class TestDirectories {

    private static final Path BASE = Path.of("target", "test-data");

    private TestDirectories() {}

    public static Path fresh(String name) {
        try {
            Files.createDirectories(BASE);
            return Files.createTempDirectory(BASE, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
