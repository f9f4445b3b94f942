package io.cairn.storage;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataFormatTest {

    private final MetadataFormat format = new MetadataFormat();

    @Test
    void aNewerWritersExtraFieldsAreIgnored() {
        String json = written().replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(format.read(bytes(json), "orders-1", 3, "test").checkpointId())
                .isEqualTo(3);
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        String json = written().replace("\"formatVersion\":1", "\"formatVersion\":2");

        assertThatThrownBy(() -> format.read(bytes(json), "orders-1", 3, "test"))
                .isInstanceOf(MetadataUnreadable.class)
                .hasMessageContaining("format version 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{", "[]", "{\"formatVersion\":1}", "\u0000\u0001"})
    void garbageIsRefused(String json) {
        assertThatThrownBy(() -> format.read(bytes(json), "orders-1", 3, "test"))
                .isInstanceOf(MetadataUnreadable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a/../../b", "a//b", "./a", "hdfs://nn/x", "a\\b"})
    void handlePathsMustStayInsideTheirDirectory(String path) {
        String json = written().replace("source-0/state", path.replace("\\", "\\\\"));

        assertThatThrownBy(() -> format.read(bytes(json), "orders-1", 3, "test"))
                .isInstanceOf(MetadataUnreadable.class);
    }

    private String written() {
        return new String(format.write(CheckpointStorageContract.metadata("orders-1", 3)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
