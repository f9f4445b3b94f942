package io.cairn.flink;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.cairn.flink.FlinkStateFile.Role;
import io.cairn.testing.SharedFlink;
import io.cairn.testing.SharedFlink.Setup;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.AbstractChannelStateHandle;
import org.apache.flink.runtime.state.AbstractMergedChannelStateHandle;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cairn's reader against {@code _metadata} files a real Flink wrote: for every checkpoint and
 * savepoint of each setup, the files Cairn lists are exactly the files Flink's own loader
 * ({@code Checkpoints.loadCheckpointMetadata}) finds in it.
 */
class FlinkMetadataReaderIT {

    private final FlinkMetadataReader reader = new FlinkMetadataReader();

    static List<Arguments> setups() {
        return List.of(
                Arguments.of("hashmap, aligned", Setup.hashMap(), Set.of(Role.KEYED, Role.OPERATOR)),
                Arguments.of("hashmap, state inline", Setup.hashMap().defaultInlining(), Set.of()),
                Arguments.of(
                        "hashmap, unaligned",
                        Setup.hashMap().unalignedCheckpoints(),
                        Set.of(Role.KEYED, Role.IN_FLIGHT)),
                Arguments.of("RocksDB, full", Setup.hashMap().rocksDb(false), Set.of(Role.KEYED)),
                Arguments.of(
                        "RocksDB, incremental",
                        Setup.hashMap().rocksDb(true),
                        Set.of(Role.INCREMENTAL_METADATA, Role.INCREMENTAL_SHARED, Role.INCREMENTAL_PRIVATE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void listsExactlyTheFilesFlinksOwnLoaderFinds(String name, Setup setup, Set<Role> expectedRoles, @TempDir Path dir)
            throws Exception {
        JobID job = SharedFlink.start(setup, dir.resolve("checkpoints"), 2);
        List<URI> snapshots;
        try {
            URI first = SharedFlink.checkpoint(job);
            URI second = SharedFlink.checkpoint(job);
            URI canonical = savepoint(job, dir.resolve("savepoints"), SavepointFormatType.CANONICAL);
            URI nativeFormat = savepoint(job, dir.resolve("savepoints"), SavepointFormatType.NATIVE);
            snapshots = List.of(first, second, canonical, nativeFormat);
        } finally {
            SharedFlink.cancel(job);
        }

        Set<Role> rolesSeen = new HashSet<>();
        for (URI snapshot : snapshots) {
            Path metadata = Path.of(snapshot).resolve("_metadata");
            FlinkSnapshotMetadata read =
                    reader.read(Files.readAllBytes(metadata), Path.of(snapshot).toUri());

            assertThat(uris(read)).as(snapshot.toString()).isEqualTo(filesFlinkFinds(metadata));
            for (FlinkStateFile file : read.files()) {
                assertThat(Files.size(Path.of(file.uri()))).as(file.toString()).isEqualTo(file.bytes());
            }
            read.files().forEach(file -> rolesSeen.add(file.role()));
        }
        assertThat(rolesSeen).as("kinds of handles read").containsAll(expectedRoles);
    }

    private static URI savepoint(JobID job, Path directory, SavepointFormatType format) throws Exception {
        String path = SharedFlink.cluster()
                .triggerSavepoint(job, directory.toUri().toString(), false, format)
                .get();
        return URI.create(path.endsWith("/") ? path : path + "/");
    }

    private static Set<URI> uris(FlinkSnapshotMetadata metadata) {
        return metadata.files().stream()
                .map(FlinkStateFile::uri)
                .map(URI::normalize)
                .collect(Collectors.toSet());
    }

    /** The oracle: every file Flink's own deserializer finds behind the snapshot's handles. */
    private static Set<URI> filesFlinkFinds(Path metadata) throws IOException {
        CheckpointMetadata loaded;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadata))) {
            loaded = Checkpoints.loadCheckpointMetadata(
                    in,
                    FlinkMetadataReaderIT.class.getClassLoader(),
                    metadata.getParent().toUri().toString());
        }
        Set<URI> files = new HashSet<>();
        for (OperatorState operator : loaded.getOperatorStates()) {
            collect(operator.getCoordinatorState(), files);
            for (OperatorSubtaskState subtask : operator.getStates()) {
                subtask.getManagedOperatorState().forEach(handle -> collect(handle, files));
                subtask.getRawOperatorState().forEach(handle -> collect(handle, files));
                subtask.getManagedKeyedState().forEach(handle -> collect(handle, files));
                subtask.getRawKeyedState().forEach(handle -> collect(handle, files));
                subtask.getInputChannelState().forEach(handle -> collect(handle, files));
                subtask.getResultSubpartitionState().forEach(handle -> collect(handle, files));
            }
        }
        return files;
    }

    private static void collect(StateObject handle, Set<URI> files) {
        if (handle == null || handle instanceof ByteStreamStateHandle) {
            return;
        }
        if (handle instanceof KeyGroupsStateHandle keyGroups) {
            collect(keyGroups.getDelegateStateHandle(), files);
        } else if (handle instanceof IncrementalRemoteKeyedStateHandle incremental) {
            collect(incremental.getMetaDataStateHandle(), files);
            incremental.getSharedState().forEach(shared -> collect(shared.getHandle(), files));
            incremental.getPrivateState().forEach(owned -> collect(owned.getHandle(), files));
        } else if (handle instanceof OperatorStreamStateHandle operator) {
            collect(operator.getDelegateStateHandle(), files);
        } else if (handle instanceof AbstractChannelStateHandle<?> channel) {
            collect(channel.getDelegate(), files);
        } else if (handle instanceof AbstractMergedChannelStateHandle<?, ?> merged) {
            collect(merged.getDelegate(), files);
        } else if (handle instanceof FileStateHandle file) {
            files.add(file.getFilePath().toUri().normalize());
        } else {
            throw new AssertionError("a handle the oracle does not know: " + handle.getClass());
        }
    }
}
