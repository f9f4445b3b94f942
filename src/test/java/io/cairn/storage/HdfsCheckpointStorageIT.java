package io.cairn.storage;

import io.cairn.testing.RunsAlongside;
import io.cairn.testing.SharedMiniDfs;
import org.apache.hadoop.conf.Configuration;

/** The storage contract on a real in-process HDFS. */
@RunsAlongside
class HdfsCheckpointStorageIT extends CheckpointStorageContract {

    @Override
    protected StorageRoot newRoot() {
        return StorageRoot.parse(SharedMiniDfs.uri() + "/" + unique("checkpoints"));
    }

    @Override
    protected Configuration configuration() {
        return SharedMiniDfs.configuration();
    }
}
