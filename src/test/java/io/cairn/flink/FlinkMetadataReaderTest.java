package io.cairn.flink;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;

import io.cairn.flink.FlinkStateFile.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The reader on small files written by hand in Flink's layout: what it lists, and that whatever is
 * cut short, unknown or not read yet is refused with a reason instead of being half-read. Files a
 * real Flink wrote are read in {@link FlinkMetadataReaderIT}.
 */
class FlinkMetadataReaderTest {

    private static final URI DIRECTORY = URI.create("file:/flink/checkpoints/job/chk-7/");

    private final FlinkMetadataReader reader = new FlinkMetadataReader();

    @Test
    void listsTheFileOfAKeyedHandleWithItsSize() throws Exception {
        FlinkSnapshotMetadata read =
                reader.read(metadata(6, keyedFile("file:/flink/checkpoints/job/chk-7/abc")), DIRECTORY);

        assertThat(read.formatVersion()).isEqualTo(6);
        assertThat(read.checkpointId()).isEqualTo(7);
        assertThat(read.files())
                .containsExactly(
                        new FlinkStateFile(URI.create("file:/flink/checkpoints/job/chk-7/abc"), 1234, Role.KEYED));
    }

    @Test
    void aPathWithoutSchemeIsOnTheSnapshotsFileSystem() throws Exception {
        URI hdfs = URI.create("hdfs://nn:8020/flink/job/chk-7/");

        FlinkSnapshotMetadata read = reader.read(metadata(6, keyedFile("/flink/job/chk-7/abc")), hdfs);

        assertThat(read.files().get(0).uri()).isEqualTo(URI.create("hdfs://nn:8020/flink/job/chk-7/abc"));
    }

    @Test
    void everyTruncationIsRefusedAsCorrupt() throws Exception {
        byte[] whole = metadata(6, keyedFile("file:/flink/checkpoints/job/chk-7/abc"));

        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            FlinkMetadataUnreadable refused =
                    catchThrowableOfType(FlinkMetadataUnreadable.class, () -> reader.read(cut, DIRECTORY));
            assertThat(refused)
                    .as("cut to %d of %d bytes", length, whole.length)
                    .isNotNull();
            assertThat(refused.unsupported()).isFalse();
        }
    }

    @Test
    void anotherFilesMagicNumberIsCorrupt() {
        byte[] bytes = metadata(6, keyedFile("file:/x"));
        bytes[0] = 0x50; // "PK": a zip, say

        assertThatThrownBy(() -> reader.read(bytes, DIRECTORY))
                .isInstanceOfSatisfying(
                        FlinkMetadataUnreadable.class,
                        e -> assertThat(e.unsupported()).isFalse())
                .hasMessageContaining("magic number");
    }

    @Test
    void aNewerFormatIsUnsupportedNotGuessed() {
        assertThatThrownBy(() -> reader.read(metadata(7, keyedFile("file:/x")), DIRECTORY))
                .isInstanceOfSatisfying(
                        FlinkMetadataUnreadable.class,
                        e -> assertThat(e.unsupported()).isTrue())
                .hasMessageContaining("format version 7");
    }

    @Test
    void changelogAndFileMergingStateAreUnsupported() {
        assertThatThrownBy(() -> reader.read(metadata(6, out -> out.writeByte(8)), DIRECTORY))
                .isInstanceOfSatisfying(
                        FlinkMetadataUnreadable.class,
                        e -> assertThat(e.unsupported()).isTrue())
                .hasMessageContaining("changelog");
        assertThatThrownBy(() -> reader.read(metadata(6, out -> keyGroups(out, 15)), DIRECTORY))
                .isInstanceOfSatisfying(
                        FlinkMetadataUnreadable.class,
                        e -> assertThat(e.unsupported()).isTrue())
                .hasMessageContaining("file-merging");
    }

    @Test
    void aRelativeHandleMayNotLeaveTheSnapshotsDirectory() {
        KeyedHandle escaping = out -> {
            keyGroups(out, 6);
            out.writeUTF("../../other-job/chk-1/data");
            out.writeLong(10);
        };

        assertThatThrownBy(() -> reader.read(metadata(6, escaping), DIRECTORY))
                .isInstanceOf(FlinkMetadataUnreadable.class)
                .hasMessageContaining("not a plain file name");
    }

    @Test
    void aCountLargerThanTheFileIsRefusedBeforeAnythingIsAllocated() {
        KeyedHandle huge = out -> {
            out.writeByte(3);
            out.writeInt(0);
            out.writeInt(Integer.MAX_VALUE); // key groups
        };

        assertThatThrownBy(() -> reader.read(metadata(6, huge), DIRECTORY))
                .isInstanceOf(FlinkMetadataUnreadable.class)
                .hasMessageContaining("claims 2147483647 key group offsets");
    }

    /** Writes a managed keyed state handle of one subtask. */
    @FunctionalInterface
    private interface KeyedHandle {
        void write(DataOutputStream out) throws IOException;
    }

    private static KeyedHandle keyedFile(String path) {
        return out -> {
            keyGroups(out, 2);
            out.writeLong(1234);
            out.writeUTF(path);
        };
    }

    /** A key-groups handle (tag 3) over two key groups, followed by a stream handle of {@code streamTag}. */
    private static void keyGroups(DataOutputStream out, int streamTag) throws IOException {
        out.writeByte(3);
        out.writeInt(0); // first key group
        out.writeInt(2); // key groups
        out.writeLong(0);
        out.writeLong(600);
        out.writeByte(streamTag);
    }

    /** A file in Flink's layout: one operator with one subtask whose managed keyed state {@code keyed} writes. */
    private static byte[] metadata(int version, KeyedHandle keyed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FlinkMetadataReader.HEADER_MAGIC);
            out.writeInt(version);
            out.writeLong(7); // checkpoint id
            out.writeInt(0); // master states
            out.writeInt(1); // operators
            out.writeUTF("count-per-key");
            out.writeUTF("count-per-key");
            out.writeLong(42);
            out.writeLong(43);
            out.writeInt(2); // parallelism
            out.writeInt(128); // max parallelism
            out.writeByte(0); // no coordinator state
            out.writeInt(1); // subtasks
            out.writeInt(0); // subtask index
            out.writeInt(0); // no managed operator state
            out.writeInt(0); // no raw operator state
            keyed.write(out);
            out.writeByte(0); // no raw keyed state
            out.writeInt(0); // input channels
            out.writeInt(0); // output channels
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
