package io.cairn.testing;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application context integration tests share when they need no setting of their own: one
 * catalog and one pair of roots under {@code target/}, started once per test JVM. Such a test keeps
 * to job ids of its own and asserts nothing about the catalog or the roots as a whole; a test that
 * does (the orphan sweep, whole-catalog comparisons) keeps {@link IsolatedData}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SharedCairn {

    private static Path data;

    @DynamicPropertySource
    static void sharedData(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, data());
    }

    /** The shared data directory: {@code cairn.mv.db}, {@code checkpoints/}, {@code savepoints/}. */
    protected static synchronized Path data() {
        if (data == null) {
            data = TestDirectories.fresh("shared");
        }
        return data;
    }
}
