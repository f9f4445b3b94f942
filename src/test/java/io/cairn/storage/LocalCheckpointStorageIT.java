package io.cairn.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.cairn.testing.RunsAlongside;
import io.cairn.testing.TestDirectories;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage contract on the local file system, plus what only a local file system can show. */
@RunsAlongside
class LocalCheckpointStorageIT extends CheckpointStorageContract {

    @Override
    protected StorageRoot newRoot() {
        return StorageRoot.parse(
                "file:" + TestDirectories.fresh("local-storage").resolve("checkpoints"));
    }

    @Override
    protected Configuration configuration() {
        return new Configuration();
    }

    @Override
    protected Configuration inspectorConfiguration() {
        Configuration conf = new Configuration();
        conf.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
        return conf;
    }

    @Test
    void discardDeletesMetadataBeforeAnyOtherFile() throws IOException {
        RecordingFileSystem.reset(false);
        try (CheckpointStorage recorded =
                new HadoopCheckpointStorage(StorageRoot.parse(root.toUri().toString()), recordingConfiguration())) {
            recorded.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
            write(new Path(root, "orders-1/chk-1/a-state"), "state");
            write(new Path(root, "orders-1/chk-1/z-state"), "state");
            publish(recorded, metadata("orders-1", 1));
            RecordingFileSystem.DELETED.clear();

            recorded.discard(SnapshotLocation.checkpoint("orders-1", 1));
        }

        assertThat(RecordingFileSystem.DELETED).first().asString().endsWith("chk-1/_metadata");
        assertThat(RecordingFileSystem.DELETED).last().asString().endsWith("chk-1");
        assertThat(inspector.exists(new Path(root, "orders-1/chk-1"))).isFalse();
    }

    @Test
    void aDiscardCutShortLeavesACheckpointThatNoLongerLooksRestorable() throws IOException {
        RecordingFileSystem.reset(false);
        try (CheckpointStorage failing =
                new HadoopCheckpointStorage(StorageRoot.parse(root.toUri().toString()), recordingConfiguration())) {
            failing.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
            write(new Path(root, "orders-1/chk-1/state"), "state");
            publish(failing, metadata("orders-1", 1));
            RecordingFileSystem.reset(true);

            assertThatThrownBy(() -> failing.discard(SnapshotLocation.checkpoint("orders-1", 1)))
                    .isInstanceOf(StorageFailure.class);
        }

        assertThat(names(new Path(root, "orders-1/chk-1"))).containsExactly("state");
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 1)))
                .isEmpty();
        assertThat(storage.discard(SnapshotLocation.checkpoint("orders-1", 1)).files())
                .isEqualTo(1);
        assertThat(inspector.exists(new Path(root, "orders-1/chk-1"))).isFalse();
    }

    @Test
    void symbolicLinksAreNeverFollowedWhenReadingOrDeleting() throws Exception {
        java.nio.file.Path rootDir = java.nio.file.Path.of(root.toUri());
        java.nio.file.Path outside = java.nio.file.Files.createTempDirectory("outside");
        java.nio.file.Files.writeString(
                outside.resolve("_metadata"),
                new String(
                        new MetadataFormat().write(metadata("orders-1", 2)), java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Files.writeString(outside.resolve("precious"), "not Cairn's");
        storage.createJobLayout("orders-1");
        java.nio.file.Files.createSymbolicLink(rootDir.resolve("orders-1/chk-2"), outside);
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 3));
        java.nio.file.Files.createSymbolicLink(
                rootDir.resolve("orders-1/chk-3/_metadata"), outside.resolve("_metadata"));

        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 2)))
                .as("a linked checkpoint directory")
                .isEmpty();
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 3)))
                .as("a linked _metadata")
                .isEmpty();
        assertThat(storage.exists("orders-1/chk-2/precious")).isFalse();
        storage.discard(SnapshotLocation.checkpoint("orders-1", 2));
        storage.delete("orders-1/chk-3");

        assertThat(outside.resolve("precious")).hasContent("not Cairn's");
        assertThat(outside.resolve("_metadata")).exists();
        assertThat(rootDir.resolve("orders-1/chk-2")).doesNotExist();
    }

    @Test
    void aListingNeverGoesThroughASymbolicLinkNotEvenOneThatLoops() throws Exception {
        java.nio.file.Path rootDir = java.nio.file.Path.of(root.toUri());
        java.nio.file.Path outside = java.nio.file.Files.createTempDirectory("outside");
        java.nio.file.Files.writeString(outside.resolve("precious"), "not Cairn's");
        java.nio.file.Path checkpoint = java.nio.file.Files.createDirectories(rootDir.resolve("flink-job/chk-1"));
        java.nio.file.Files.writeString(checkpoint.resolve("_metadata"), "12345");
        java.nio.file.Files.createSymbolicLink(checkpoint.resolve("loop"), rootDir.resolve("flink-job"));
        java.nio.file.Files.createSymbolicLink(checkpoint.resolve("out"), outside);

        assertThat(storage.listFiles("flink-job"))
                .extracting(StoredEntry::path)
                .containsExactly("flink-job/chk-1/_metadata");
    }

    @Test
    void aRelativeFileRootResolvesAgainstTheWorkingDirectory() {
        StorageRoot relative = StorageRoot.parse("file:./data/checkpoints");

        assertThat(relative.uri().toString())
                .isEqualTo("file:"
                        + java.nio.file.Path.of("data/checkpoints")
                                .toAbsolutePath()
                                .normalize());
    }

    @Test
    void probeFailsWhenTheRootCannotBeCreated() throws IOException {
        java.nio.file.Path blocker = TestDirectories.fresh("blocked").resolve("a-file");
        Files.writeString(blocker, "not a directory");

        try (CheckpointStorage blocked =
                new HadoopCheckpointStorage(StorageRoot.parse("file:" + blocker + "/root"), configuration())) {
            assertThatThrownBy(blocked::probe)
                    .isInstanceOf(StorageFailure.class)
                    .hasMessageContaining("probe");
        }
    }

    private static Configuration recordingConfiguration() {
        Configuration conf = new Configuration();
        conf.setClass("fs.file.impl", RecordingFileSystem.class, FileSystem.class);
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    /** The raw local file system, recording every delete and, when armed, failing all but {@code _metadata}'s. */
    public static class RecordingFileSystem extends RawLocalFileSystem {

        static final List<String> DELETED = new ArrayList<>();
        static boolean failAllButMetadata;

        static void reset(boolean fail) {
            DELETED.clear();
            failAllButMetadata = fail;
        }

        @Override
        public boolean delete(Path path, boolean recursive) throws IOException {
            if (failAllButMetadata && !path.getName().equals("_metadata")) {
                throw new IOException("injected failure deleting " + path);
            }
            DELETED.add(path.toString());
            return super.delete(path, recursive);
        }
    }
}
