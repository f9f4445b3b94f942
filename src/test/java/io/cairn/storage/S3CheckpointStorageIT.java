package io.cairn.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;

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
class S3CheckpointStorageIT extends CheckpointStorageContract {

    @Override
    protected StorageRoot newRoot() {
        return StorageRoot.parse(SharedS3.uri(unique("checkpoints")));
    }

    @Override
    protected Configuration configuration() {
        return SharedS3.configuration();
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
}
