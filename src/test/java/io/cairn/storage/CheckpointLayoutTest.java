package io.cairn.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointLayoutTest {

    @Test
    void checkpointDirectoriesAreNamedAndParsedInOnePlace() {
        assertThat(CheckpointLayout.checkpointDirectory("orders-1", 7)).isEqualTo("orders-1/chk-7");
        assertThat(CheckpointLayout.checkpointId("chk-7")).hasValue(7);
        assertThat(CheckpointLayout.checkpointId("chk-07")).isEmpty();
        assertThat(CheckpointLayout.checkpointId("chk-0")).isEmpty();
        assertThat(CheckpointLayout.checkpointId("chk-99999999999999999999")).isEmpty();
        assertThat(CheckpointLayout.checkpointId("shared")).isEmpty();
        assertThatThrownBy(() -> CheckpointLayout.checkpointDirectory("orders-1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointLayout.checkpointDirectory("../etc", 1))
                .isInstanceOf(InvalidJobId.class);
    }

    @Test
    void sharedStateLiesBesideTheCheckpointDirectory() {
        assertThat(CheckpointLayout.sharedDirectory("orders-1")).isEqualTo("orders-1/shared");
        assertThat(CheckpointLayout.sharedBeside("orders-1/chk-7")).isEqualTo("orders-1/shared");
        assertThat(CheckpointLayout.sharedBeside("savepoint-orders-0123456789ab"))
                .isEqualTo("shared");
    }

    @Test
    void metadataPathsAndDirectoriesConvertBothWays() {
        assertThat(CheckpointLayout.metadataOf("file:/r/orders-1/chk-7")).isEqualTo("file:/r/orders-1/chk-7/_metadata");
        assertThat(CheckpointLayout.directoryOf("file:/r/orders-1/chk-7/_metadata"))
                .isEqualTo("file:/r/orders-1/chk-7");
        assertThat(CheckpointLayout.directoryOf("file:/r/orders-1/chk-7")).isEqualTo("file:/r/orders-1/chk-7");
    }

    @Test
    void reservedAndTemporaryNamesAreRecognised() {
        assertThat(CheckpointLayout.isReservedName("_metadata")).isTrue();
        assertThat(CheckpointLayout.isReservedName("._metadata_temp-1234")).isTrue();
        assertThat(CheckpointLayout.isReservedName("metadata")).isFalse();
        assertThat(CheckpointLayout.isTemporaryName(".cairn-probe-x")).isTrue();
        assertThat(CheckpointLayout.isTemporaryName("._metadata_temp-x")).isTrue();
        assertThat(CheckpointLayout.isTaskOwnedDirectory("taskowned")).isTrue();
        assertThat(CheckpointLayout.isSharedDirectory("shared")).isTrue();
    }

    @Test
    void savepointDirectoriesCarryTheJobPrefixAndRandomHex() {
        String name = CheckpointLayout.newSavepointDirectoryName("orders-1");

        assertThat(name).matches("savepoint-orders-[0-9a-f]{12}");
        assertThat(CheckpointLayout.isSavepointDirectory(name)).isTrue();
        assertThat(CheckpointLayout.isSavepointDirectory("savepoint-notes")).isFalse();
        assertThat(CheckpointLayout.newSavepointDirectoryName("ab")).startsWith("savepoint-ab-");
    }
}
