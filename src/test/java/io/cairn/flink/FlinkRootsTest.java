package io.cairn.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkRootsTest {

    @TempDir
    Path dir;

    private CheckpointStorages storages;

    @AfterEach
    void close() {
        if (storages != null) {
            storages.destroy();
        }
    }

    @Test
    void withoutFlinkRootsNothingIsAdoptedAndTheRefusalSaysWhatToSet() {
        FlinkRoots roots = roots(List.of());

        assertThatThrownBy(() -> roots.resolve("checkpointDirectory", "file:" + dir.resolve("flink")))
                .isInstanceOf(InvalidFlinkDirectory.class)
                .hasMessageContaining("set cairn.flink.checkpoint-roots");
    }

    @Test
    void aDirectoryUnderAFlinkRootIsAcceptedAndOneBesideItRefused() {
        FlinkRoots roots = roots(List.of("file:" + dir.resolve("flink")));

        assertThat(roots.resolve("checkpointDirectory", "file:" + dir.resolve("flink/team-a"))
                        .uri()
                        .getPath())
                .endsWith("/flink/team-a");
        assertThatThrownBy(() -> roots.resolve("checkpointDirectory", "file:" + dir.resolve("flink-other")))
                .isInstanceOf(InvalidFlinkDirectory.class)
                .hasMessageContaining("not under a root in cairn.flink.checkpoint-roots");
    }

    @Test
    void aFlinkRootOverlappingCairnsOwnStopsTheStart() {
        assertThatThrownBy(() -> roots(List.of("file:" + dir.resolve("checkpoints/flink"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("overlaps Cairn's own root");
        assertThatThrownBy(() -> roots(List.of("file:" + dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("overlaps Cairn's own root");
    }

    private FlinkRoots roots(List<String> flinkRoots) {
        storages = new CheckpointStorages(new StorageProperties(
                "file:" + dir.resolve("checkpoints"), "file:" + dir.resolve("savepoints"), null, List.of(), Map.of()));
        return new FlinkRoots(
                new FlinkProperties(
                        flinkRoots,
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(30)),
                storages);
    }
}
