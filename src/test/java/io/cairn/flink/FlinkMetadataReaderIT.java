package io.cairn.flink;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.cairn.flink.FlinkStateFile.Role;
import io.cairn.testing.FlinkOracle;
import io.cairn.testing.SharedFlink;
import io.cairn.testing.SharedFlink.Setup;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
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

            assertThat(uris(read)).as(snapshot.toString()).isEqualTo(FlinkOracle.files(metadata));
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
}
