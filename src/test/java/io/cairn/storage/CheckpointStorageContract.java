package io.cairn.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cairn.protocol.Alignment;
import io.cairn.storage.CheckpointMetadata.Kind;
import io.cairn.storage.CheckpointMetadata.StateHandle;
import io.cairn.storage.CheckpointMetadata.SubtaskState;
import io.cairn.storage.CheckpointMetadata.TaskState;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link CheckpointStorage} must do, run against each file system Cairn serves. The
 * files are inspected through a separate {@code FileSystem} handle, as another process would.
 */
abstract class CheckpointStorageContract {

    protected CheckpointStorage storage;
    protected FileSystem inspector;
    protected Path root;

    /** A fresh, empty root for one test. */
    protected abstract StorageRoot newRoot();

    protected abstract Configuration configuration();

    /** How the test itself looks at the files; by default as the storage does. */
    protected Configuration inspectorConfiguration() {
        return configuration();
    }

    /** How many files the store deletes in one request. */
    protected int bulkDeletePageSize() {
        return 1;
    }

    @BeforeEach
    void openStorage() throws IOException {
        StorageRoot storageRoot = newRoot();
        storage = new HadoopCheckpointStorage(storageRoot, configuration());
        inspector = FileSystem.newInstance(storageRoot.uri(), inspectorConfiguration());
        root = new Path(storageRoot.uri());
    }

    @AfterEach
    void closeStorage() throws IOException {
        storage.close();
        inspector.close();
    }

    @Test
    void createsSharedAndTaskOwnedDirectoriesOfAJob() throws IOException {
        JobLayout layout = storage.createJobLayout("orders-1");

        assertThat(names(new Path(root, "orders-1"))).containsExactlyInAnyOrder("shared", "taskowned");
        assertThat(layout.sharedDirectory().getPath()).endsWith("/orders-1/shared");
        assertThat(layout.taskOwnedDirectory().getPath()).endsWith("/orders-1/taskowned");
    }

    @Test
    void creatingTheLayoutAgainKeepsWhatIsThere() throws IOException {
        storage.createJobLayout("orders-1");
        write(new Path(root, "orders-1/shared/sst-1"), "shared state");

        storage.createJobLayout("orders-1");

        assertThat(read(new Path(root, "orders-1/shared/sst-1"))).isEqualTo("shared state");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "../escape",
                "a/b",
                "",
                "-leading-dash",
                "a..b",
                "has space",
                "a:b",
                "%2e%2e",
                "/absolute",
                "x\u0000y",
                "\u2024\u2024",
                "a\\b",
                "an-id-that-is-far-too-long-to-be-a-job-id-because-it-has-more-than-64-characters"
            })
    void refusesJobIdsThatAreNotASingleSafeDirectoryName(String jobId) throws IOException {
        assertThatThrownBy(() -> storage.createJobLayout(jobId)).isInstanceOf(InvalidJobId.class);
        assertThatThrownBy(() -> storage.createDirectory(SnapshotLocation.checkpoint(jobId, 1)))
                .isInstanceOf(InvalidJobId.class);
        assertThatThrownBy(() -> storage.discard(SnapshotLocation.checkpoint(jobId, 1)))
                .isInstanceOf(InvalidJobId.class);

        assertThat(inspector.exists(root) ? names(root) : List.<String>of()).isEmpty();
    }

    @Test
    void publishesMetadataThatReadsBackWhole() {
        storage.createJobLayout("orders-1");
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 7));
        CheckpointMetadata metadata = metadata("orders-1", 7);

        long size = publish(storage, metadata);

        CheckpointMetadata read =
                storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 7)).orElseThrow();
        assertThat(size).isPositive();
        assertThat(read).usingRecursiveComparison().ignoringFields("tasks").isEqualTo(metadata);
        SubtaskState subtask = read.tasks().get(0).subtasks().get(0);
        assertThat(subtask.watermark()).isEqualTo(1_700_000_000_000L);
        assertThat(subtask.handles())
                .extracting(StateHandle::location, StateHandle::path, StateHandle::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                CheckpointMetadata.Location.EXCLUSIVE, "source-0/state", 2048L),
                        org.assertj.core.groups.Tuple.tuple(CheckpointMetadata.Location.SHARED, "sst-000017", 4096L),
                        org.assertj.core.groups.Tuple.tuple(CheckpointMetadata.Location.INLINE, null, 5L));
        assertThat(new String(subtask.handles().get(2).inline(), StandardCharsets.UTF_8))
                .isEqualTo("small");
        assertThat(subtask.inFlight()).hasSize(1);
        assertThat(read.selfContained()).isFalse();
    }

    @Test
    void aSecondPublicationFailsAndLeavesTheFirstIntact() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 3));
        publish(storage, metadata("orders-1", 3));
        byte[] first = bytes(new Path(root, "orders-1/chk-3/_metadata"));

        CheckpointMetadata other = new CheckpointMetadata(
                1,
                "orders-1",
                3,
                Kind.CHECKPOINT,
                Alignment.UNALIGNED,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"),
                List.of());
        assertThatThrownBy(() -> publish(storage, other)).isInstanceOf(MetadataAlreadyPublished.class);

        assertThat(bytes(new Path(root, "orders-1/chk-3/_metadata"))).isEqualTo(first);
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 3))
                        .orElseThrow()
                        .alignment())
                .isEqualTo(Alignment.ALIGNED);
    }

    /**
     * Whether the store decides "create only if absent" atomically, so that racing writers can be
     * tested against it; a test server may check and then store.
     */
    protected boolean atomicCreateIfAbsent() {
        return true;
    }

    @Test
    void ofConcurrentPublicationsExactlyOneWinsWhole() throws Exception {
        Assumptions.assumeTrue(atomicCreateIfAbsent(), "the test store does not decide create-if-absent atomically");
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 8));
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            CheckpointMetadata candidate = new CheckpointMetadata(
                    1,
                    "orders-1",
                    8,
                    Kind.CHECKPOINT,
                    Alignment.ALIGNED,
                    Instant.ofEpochSecond(1_000 + i),
                    Instant.ofEpochSecond(2_000 + i),
                    metadata("orders-1", 8).tasks());
            attempts.add(pool.submit(() -> {
                start.await();
                return publish(storage, candidate);
            }));
        }
        start.countDown();
        int won = 0;
        int refused = 0;
        for (Future<Long> attempt : attempts) {
            try {
                attempt.get(60, TimeUnit.SECONDS);
                won++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(MetadataAlreadyPublished.class);
                refused++;
            }
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(refused).isEqualTo(writers - 1);
        CheckpointMetadata winner =
                storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 8)).orElseThrow();
        assertThat(winner.completedAt().getEpochSecond() - winner.triggeredAt().getEpochSecond())
                .isEqualTo(1_000);
        assertThat(names(new Path(root, "orders-1/chk-8"))).containsExactly("_metadata");
    }

    @Test
    void aPublishedCheckpointHoldsOnlyItsMetadataNoTemporaryOrChecksumFiles() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));

        publish(storage, metadata("orders-1", 1));

        assertThat(names(new Path(root, "orders-1/chk-1"))).containsExactly("_metadata");
    }

    @Test
    void aCheckpointWithoutMetadataReadsAsNothing() {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 4));

        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 4)))
                .isEmpty();
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("never-registered", 1)))
                .isEmpty();
    }

    @Test
    void truncatedMetadataIsReportedUnreadable() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 5));
        publish(storage, metadata("orders-1", 5));
        byte[] whole = bytes(new Path(root, "orders-1/chk-5/_metadata"));
        inspector.delete(new Path(root, "orders-1/chk-5/_metadata"), false);
        write(
                new Path(root, "orders-1/chk-5/_metadata"),
                new String(whole, 0, whole.length / 2, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 5)))
                .isInstanceOf(MetadataUnreadable.class)
                .hasMessageContaining("chk-5/_metadata");
    }

    @Test
    void metadataOfAnotherCheckpointIsReportedUnreadable() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 6));
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 9));
        publish(storage, metadata("orders-1", 9));
        write(new Path(root, "orders-1/chk-6/_metadata"), read(new Path(root, "orders-1/chk-9/_metadata")));

        assertThatThrownBy(() -> storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 6)))
                .isInstanceOf(MetadataUnreadable.class)
                .hasMessageContaining("checkpoint 9");
    }

    @Test
    void metadataWithAHandleEscapingItsDirectoryIsReportedUnreadable() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 2));
        String json = new String(new MetadataFormat().write(metadata("orders-1", 2)), StandardCharsets.UTF_8)
                .replace("source-0/state", "../../other-job/chk-1/state");
        write(new Path(root, "orders-1/chk-2/_metadata"), json);

        assertThatThrownBy(() -> storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 2)))
                .isInstanceOf(MetadataUnreadable.class)
                .hasMessageContaining("../../other-job");
    }

    @Test
    void listsCheckpointDirectoriesInIdOrderAndNothingElse() throws IOException {
        storage.createJobLayout("orders-1");
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 10));
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 2));
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
        inspector.mkdirs(new Path(root, "orders-1/chk-x"));
        inspector.mkdirs(new Path(root, "orders-1/chk-0"));
        write(new Path(root, "orders-1/chk-3"), "a file, not a checkpoint directory");

        assertThat(storage.listCheckpointIds("orders-1")).containsExactly(1L, 2L, 10L);
        assertThat(storage.listCheckpointIds("unknown-job")).isEmpty();
    }

    @Test
    void discardRemovesTheWholeCheckpointAndNothingElse() throws IOException {
        storage.createJobLayout("orders-1");
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 2));
        write(new Path(root, "orders-1/chk-1/source-0/state"), "exclusive state");
        write(new Path(root, "orders-1/chk-1/count-1"), "more exclusive state");
        write(new Path(root, "orders-1/shared/sst-1"), "shared");
        write(new Path(root, "orders-1/taskowned/log"), "task owned");
        publish(storage, metadata("orders-1", 1));

        StorageUsage deleted = storage.discard(SnapshotLocation.checkpoint("orders-1", 1));

        assertThat(deleted.files()).isEqualTo(3);
        assertThat(names(new Path(root, "orders-1"))).containsExactlyInAnyOrder("shared", "taskowned", "chk-2");
        assertThat(read(new Path(root, "orders-1/shared/sst-1"))).isEqualTo("shared");
        assertThat(read(new Path(root, "orders-1/taskowned/log"))).isEqualTo("task owned");
        assertThat(storage.readMetadata(SnapshotLocation.checkpoint("orders-1", 1)))
                .isEmpty();
    }

    @Test
    void discardingWhatIsGoneSucceeds() {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
        storage.discard(SnapshotLocation.checkpoint("orders-1", 1));

        assertThat(storage.discard(SnapshotLocation.checkpoint("orders-1", 1))).isEqualTo(StorageUsage.NONE);
        assertThat(storage.discard(SnapshotLocation.checkpoint("orders-1", 99))).isEqualTo(StorageUsage.NONE);
    }

    @Test
    void discardsExactlyTheNamedSharedFilesIncludingOnesAlreadyGone() throws IOException {
        storage.createJobLayout("orders-1");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < bulkDeletePageSize() + 10; i++) { // more than one bulk request
            keys.add("sst-" + i);
            if (i % 100 != 7) { // a few are gone already
                write(new Path(root, "orders-1/shared/sst-" + i), "x");
            }
        }
        write(new Path(root, "orders-1/shared/kept"), "still referenced");
        write(new Path(root, "orders-1/shared/nested/sst-1"), "same name, another directory");

        storage.discardSharedState("orders-1", keys);

        assertThat(names(new Path(root, "orders-1/shared"))).containsExactlyInAnyOrder("kept", "nested");
        assertThat(read(new Path(root, "orders-1/shared/nested/sst-1"))).isEqualTo("same name, another directory");
        assertThat(names(new Path(root, "orders-1"))).contains("shared", "taskowned");
    }

    @Test
    void refusesToDiscardSharedStateOutsideSharedAndDeletesNothing() throws IOException {
        storage.createJobLayout("orders-1");
        write(new Path(root, "orders-1/shared/sst-1"), "x");
        write(new Path(root, "orders-1/taskowned/log"), "task owned");

        assertThatThrownBy(() -> storage.discardSharedState("orders-1", List.of("sst-1", "../taskowned/log")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(names(new Path(root, "orders-1/shared"))).containsExactly("sst-1");
        assertThat(read(new Path(root, "orders-1/taskowned/log"))).isEqualTo("task owned");
    }

    @Test
    void listsEveryFileUnderADirectoryAtAnyDepthInOneCall() throws IOException {
        write(new Path(root, "flink-job/chk-3/_metadata"), "12345");
        write(new Path(root, "flink-job/chk-3/nested/deeper/state"), "123");
        write(new Path(root, "flink-job/shared/sst-1"), "1");
        write(new Path(root, "other-job/chk-1/_metadata"), "not listed");

        assertThat(storage.listFiles("flink-job"))
                .extracting(StoredEntry::path, StoredEntry::size, StoredEntry::directory)
                .containsExactlyInAnyOrder(
                        tuple("flink-job/chk-3/_metadata", 5L, false),
                        tuple("flink-job/chk-3/nested/deeper/state", 3L, false),
                        tuple("flink-job/shared/sst-1", 1L, false));
        assertThat(storage.listFiles("no-such-job")).isEmpty();
    }

    @Test
    void readsAWholeFileOrReportsItAbsent() throws IOException {
        write(new Path(root, "flink-job/chk-3/_metadata"), "the whole file");

        assertThat(storage.readFile("flink-job/chk-3/_metadata"))
                .hasValueSatisfying(bytes ->
                        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("the whole file"));
        assertThat(storage.readFile("flink-job/chk-4/_metadata")).isEmpty();
    }

    @Test
    void deletesExactlyTheNamedFilesAndLeavesDirectoriesAndOthers() throws IOException {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < bulkDeletePageSize() + 3; i++) { // more than one bulk request
            named.add("flink-job/shared/sst-" + i);
            write(new Path(root, "flink-job/shared/sst-" + i), "x");
        }
        named.add("flink-job/chk-3/gone-already");
        write(new Path(root, "flink-job/chk-3/state"), "named");
        named.add("flink-job/chk-3/state");
        write(new Path(root, "flink-job/chk-3/kept"), "not named");
        write(new Path(root, "flink-job/taskowned/log"), "not named");

        storage.deleteFiles(named);

        assertThat(storage.listFiles("flink-job"))
                .extracting(StoredEntry::path)
                .containsExactlyInAnyOrder("flink-job/chk-3/kept", "flink-job/taskowned/log");
    }

    @Test
    void refusesToDeleteFilesOutsideTheRootAndDeletesNothing() throws IOException {
        write(new Path(root, "flink-job/shared/sst-1"), "x");

        assertThatThrownBy(() -> storage.deleteFiles(List.of("flink-job/shared/sst-1", "flink-job/../../etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.listFiles("flink-job")).hasSize(1);
    }

    @Test
    void reportsFilesAndBytesOfACheckpoint() throws IOException {
        storage.createDirectory(SnapshotLocation.checkpoint("orders-1", 1));
        write(new Path(root, "orders-1/chk-1/a"), "12345");
        write(new Path(root, "orders-1/chk-1/sub/b"), "123");

        assertThat(storage.usage(SnapshotLocation.checkpoint("orders-1", 1))).isEqualTo(new StorageUsage(2, 8));
        assertThat(storage.usage(SnapshotLocation.checkpoint("orders-1", 2))).isEqualTo(StorageUsage.NONE);
    }

    @Test
    void probeWritesAndLeavesNothingBehind() throws IOException {
        storage.probe();

        assertThat(names(root)).isEmpty();
    }

    /** Publishes a checkpoint's {@code _metadata} where it belongs: {@code <job>/chk-N}. */
    protected static long publish(CheckpointStorage storage, CheckpointMetadata metadata) {
        return storage.publishMetadata(
                SnapshotLocation.checkpoint(metadata.jobId(), metadata.checkpointId()), metadata);
    }

    protected static CheckpointMetadata metadata(String jobId, long checkpointId) {
        SubtaskState subtask = new SubtaskState(
                0,
                1_700_000_000_000L,
                List.of(
                        StateHandle.exclusive("source-0/state", 2048),
                        StateHandle.shared("sst-000017", 4096),
                        StateHandle.inline("small".getBytes(StandardCharsets.UTF_8))),
                List.of(StateHandle.exclusive("source-0/inflight", 512)));
        return new CheckpointMetadata(
                CheckpointMetadata.CURRENT_FORMAT,
                jobId,
                checkpointId,
                Kind.CHECKPOINT,
                Alignment.ALIGNED,
                Instant.parse("2026-11-26T10:00:00Z"),
                Instant.parse("2026-11-26T10:00:02Z"),
                List.of(new TaskState("source", 1, List.of(subtask))));
    }

    protected List<String> names(Path dir) throws IOException {
        return Arrays.stream(inspector.listStatus(dir))
                .map(FileStatus::getPath)
                .map(Path::getName)
                .toList();
    }

    protected void write(Path file, String content) throws IOException {
        try (FSDataOutputStream out = inspector.create(file, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    protected String read(Path file) throws IOException {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    protected byte[] bytes(Path file) throws IOException {
        try (var in = inspector.open(file)) {
            return in.readAllBytes();
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
