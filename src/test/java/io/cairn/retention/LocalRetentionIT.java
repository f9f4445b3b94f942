package io.cairn.retention;

import java.nio.file.Files;
import java.nio.file.Path;

import io.cairn.testing.IsolatedData;
import org.apache.hadoop.conf.Configuration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The retention table on the local file system. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalRetentionIT extends RetentionContract {

    private static Path root;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        root = IsolatedData.register(registry, "retention-local").resolve("checkpoints");
    }

    @Override
    protected boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    protected void createFile(String path) throws Exception {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), "owned by the task");
    }

    @Override
    protected Configuration agentConfiguration() {
        return new Configuration();
    }
}
