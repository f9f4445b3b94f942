package io.cairn.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageRootTest {

    @Test
    void aRelativeFileRootBecomesAbsoluteAgainstTheWorkingDirectory() {
        assertThat(StorageRoot.parse("file:./data/checkpoints").uri().toString())
                .isEqualTo(
                        "file:" + Path.of("data/checkpoints").toAbsolutePath().normalize());
    }

    @ParameterizedTest
    @CsvSource({
        "file:/srv/cairn/, file:/srv/cairn",
        "file:///srv/cairn, file:/srv/cairn",
        "file:/srv/./cairn/../cairn, file:/srv/cairn",
        "hdfs://nn:8020/cairn/, hdfs://nn:8020/cairn",
        "HDFS://nn:8020/a/./b, hdfs://nn:8020/a/b",
        "hdfs://nn:8020, hdfs://nn:8020/"
    })
    void rootsAreNormalised(String given, String expected) {
        assertThat(StorageRoot.parse(given).uri().toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "/no/scheme",
                "s3://bucket/x",
                "http://host/x",
                "file://otherhost/x",
                "hdfs://nn/a/../../..",
                "hdfs://user@nn/x",
                "file:/x?query",
                "file:/x#fragment",
                "not a uri:%%"
            })
    void refusesWhatIsNotAFileOrHdfsRoot(String given) {
        assertThatThrownBy(() -> StorageRoot.parse(given)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "file:/srv/cairn, file:/srv/cairn, true",
        "file:/srv/cairn, file:/srv/cairn/team-a, true",
        "file:/srv/cairn, file:/srv/cairn-other, false",
        "file:/srv/cairn, file:/srv, false",
        "hdfs://nn:8020/cairn, hdfs://nn:8020/cairn/x, true",
        "hdfs://nn:8020/cairn, hdfs://other:8020/cairn/x, false",
        "hdfs://nn:8020/cairn, file:/cairn/x, false"
    })
    void containsOnlyWhatLiesBelowItOnTheSameFileSystem(String root, String other, boolean contained) {
        assertThat(StorageRoot.parse(root).contains(StorageRoot.parse(other))).isEqualTo(contained);
    }

    @Test
    void aSavepointDirectoryIsReadFromItsParentUnderItsName() {
        StorageRoot savepoint = StorageRoot.parse("hdfs://nn:8020/cairn/savepoints/savepoint-orders-0123456789ab");

        assertThat(savepoint.parent()).isEqualTo(StorageRoot.parse("hdfs://nn:8020/cairn/savepoints"));
        assertThat(savepoint.name()).isEqualTo("savepoint-orders-0123456789ab");
        assertThat(savepoint.parent().relativize(savepoint)).isEqualTo(savepoint.name());
        assertThatThrownBy(() -> StorageRoot.parse("file:/").parent()).isInstanceOf(IllegalArgumentException.class);
    }
}
