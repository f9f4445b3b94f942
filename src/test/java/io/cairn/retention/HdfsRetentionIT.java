package io.cairn.retention;

import java.util.UUID;

import io.cairn.job.JobState;
import io.cairn.job.RetentionMode;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.SharedMiniDfs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The retention table on a real in-process HDFS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HdfsRetentionIT extends RetentionContract {

    private static String root;
    private static FileSystem hdfs;

    @DynamicPropertySource
    static void onHdfs(DynamicPropertyRegistry registry) throws Exception {
        IsolatedData.register(registry, "retention-hdfs");
        root = SharedMiniDfs.uri() + "/retention-"
                + UUID.randomUUID().toString().substring(0, 8);
        hdfs = FileSystem.newInstance(SharedMiniDfs.uri(), SharedMiniDfs.configuration());
        registry.add("cairn.storage.checkpoint-root", () -> root);
    }

    @AfterAll
    static void close() throws Exception {
        hdfs.close();
    }

    @Override
    protected boolean exists(String path) throws Exception {
        return hdfs.exists(new Path(root + "/" + path));
    }

    @Override
    protected void createFile(String path) throws Exception {
        try (FSDataOutputStream out = hdfs.create(new Path(root + "/" + path), true)) {
            out.writeUTF("owned by the task");
        }
    }

    /** One row that keeps its checkpoints on HDFS and one that deletes them (about 4 s a row here). */
    @Override
    protected boolean covers(RetentionMode mode, JobState end) {
        return end == JobState.CANCELED
                && (mode == RetentionMode.RETAIN_ON_CANCELLATION || mode == RetentionMode.DELETE_ON_CANCELLATION);
    }

    @Override
    protected Configuration agentConfiguration() {
        return SharedMiniDfs.configuration();
    }
}
