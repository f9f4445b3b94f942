package io.cairn.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;

import io.cairn.testing.RunsAlongside;
import io.cairn.testing.S3Gateway;
import io.cairn.testing.SharedS3;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage contract on a real S3-compatible server, through Hadoop's S3A connector: the same
 * layout through prefixes, {@code _metadata} published by one conditional PUT, bulk deletes.
 */
@RunsAlongside
class S3CheckpointStorageIT extends CheckpointStorageContract {

    @Override
    protected StorageRoot newRoot() {
        return StorageRoot.parse(SharedS3.uri(unique("checkpoints")));
    }

    @Override
    protected Configuration configuration() {
        return SharedS3.configuration();
    }

    @Override
    protected int bulkDeletePageSize() {
        return 250; // S3A's default fs.s3a.bulk.delete.page.size
    }

    /**
     * s3proxy checks If-None-Match and then stores, not atomically, so racing PUTs can all pass
     * there (Amazon S3 decides it atomically). The conditional PUT itself is checked below.
     */
    @Override
    protected boolean atomicCreateIfAbsent() {
        return false;
    }

    @Test
    void metadataIsOnePutThatTheStoreRefusesWhenTheKeyExists() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 4));
        Path target = new Path(root, "orders-1/chk-4/_metadata");
        write(target, "published first");
        FileSystem fs = FileSystem.newInstance(root.toUri(), configuration());
        try {
            // No existence check of our own before the PUT: only the store's If-None-Match refuses it.
            assertThatThrownBy(() ->
                            MetadataPublication.of(fs).publish(fs, target, "second".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(read(target)).isEqualTo("published first");

            Path fresh = new Path(root, "orders-1/chk-4/_fresh");
            MetadataPublication.of(fs).publish(fs, fresh, "whole".getBytes(StandardCharsets.UTF_8));
            assertThat(read(fresh)).isEqualTo("whole");
            assertThat(MetadataPublication.of(fs)).isInstanceOf(MetadataPublication.ConditionalCreate.class);
        } finally {
            fs.close();
        }
    }

    @Test
    void throttledRequestsAreRetriedUntilTheyPass() throws IOException {
        try (S3Gateway gateway = S3Gateway.toSharedS3()) {
            Configuration throttled = new Configuration();
            gateway.hadoopProperties().forEach(throttled::set);
            throttled.set("fs.s3a.retry.throttle.interval", "10ms");
            try (CheckpointStorage slowedDown =
                    new HadoopCheckpointStorage(StorageRoot.parse(root.toString()), throttled)) {
                slowedDown.createJobLayout("orders-1");
                slowedDown.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
                write(new Path(root, "orders-1/chk-1/state"), "exclusive");
                write(new Path(root, "orders-1/shared/sst-1"), "shared");
                write(new Path(root, "orders-1/shared/sst-2"), "shared");

                gateway.throttle("PUT", 2);
                publish(slowedDown, metadata("orders-1", 1));
                gateway.throttle("BULK_DELETE", 3);
                slowedDown.discardSharedState("orders-1", List.of("sst-1", "sst-2"));
            }
            assertThat(gateway.requests("PUT")).isGreaterThanOrEqualTo(3);
            assertThat(gateway.requests("BULK_DELETE")).isGreaterThanOrEqualTo(4);
        }
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 1)))
                .isPresent();
        assertThat(names(new Path(root, "orders-1/shared"))).isEmpty();
    }
}
