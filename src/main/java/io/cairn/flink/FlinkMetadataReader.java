package io.cairn.flink;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import io.cairn.flink.FlinkStateFile.Role;

/**
 * Reads the {@code _metadata} file Apache Flink writes for a checkpoint or savepoint, far enough to
 * list every file it references. The binary layout (big-endian, Java's modified UTF-8 for strings)
 * is Flink's: a header of magic number and format version, then the checkpoint id, master states,
 * and per operator its subtasks' state handles. Formats 3 to 6 are read (Flink 1.15 to 2.x); format 4
 * and later end with Java-serialised checkpoint properties, which are not needed and not read.
 *
 * <p>What this reader does not understand is refused, never guessed: the changelog state backend,
 * file-merging segments and unknown formats or handle types are {@linkplain
 * FlinkMetadataUnreadable#unsupported() unsupported}; every length is checked against what is left
 * of the file, so a corrupt file cannot make it allocate or read past the end.
 */
public final class FlinkMetadataReader {

    static final int HEADER_MAGIC = 0x4960672d;
    static final int MASTER_STATE_MAGIC = 0xc96b1696;
    static final int OLDEST_FORMAT = 3;
    static final int NEWEST_FORMAT = 6;

    // Stream and keyed state handle tags, as Flink writes them.
    private static final int NULL_HANDLE = 0;
    private static final int BYTE_STREAM_HANDLE = 1;
    private static final int FILE_HANDLE = 2;
    private static final int KEY_GROUPS_HANDLE = 3;
    private static final int OPERATOR_STATE_HANDLE = 4;
    private static final int INCREMENTAL_HANDLE = 5;
    private static final int RELATIVE_FILE_HANDLE = 6;
    private static final int SAVEPOINT_KEY_GROUPS_HANDLE = 7;
    private static final int CHANGELOG_HANDLE = 8;
    private static final int CHANGELOG_BYTES_HANDLE = 9;
    private static final int CHANGELOG_FILE_HANDLE = 10;
    private static final int INCREMENTAL_HANDLE_V2 = 11;
    private static final int KEY_GROUPS_HANDLE_V2 = 12;
    private static final int CHANGELOG_FILE_HANDLE_V2 = 13;
    private static final int CHANGELOG_HANDLE_V2 = 14;
    private static final int SEGMENT_FILE_HANDLE = 15;
    private static final int EMPTY_SEGMENT_FILE_HANDLE = 16;
    private static final int SEGMENT_OPERATOR_STATE_HANDLE = 17;

    // Channel (in-flight data) handle tags of format 6.
    private static final int INPUT_CHANNEL_HANDLE = 1;
    private static final int RESULT_SUBPARTITION_HANDLE = 2;
    private static final int MERGED_INPUT_CHANNEL_HANDLE = 3;
    private static final int MERGED_RESULT_SUBPARTITION_HANDLE = 4;

    /**
     * @param bytes the whole {@code _metadata} file
     * @param directory the snapshot's directory (where {@code _metadata} is), against which a
     *     savepoint's relative handles resolve
     * @throws FlinkMetadataUnreadable when the file is corrupt, truncated or uses what is not read yet
     */
    public FlinkSnapshotMetadata read(byte[] bytes, URI directory) throws FlinkMetadataUnreadable {
        try {
            return new Parse(bytes, directory).metadata();
        } catch (EOFException e) {
            throw FlinkMetadataUnreadable.corrupt("the file ends early (truncated?)");
        } catch (UTFDataFormatException e) {
            throw FlinkMetadataUnreadable.corrupt("a string in it is not valid modified UTF-8");
        } catch (IOException e) {
            throw FlinkMetadataUnreadable.corrupt(e.getMessage());
        }
    }

    /** One pass over one file. */
    private static final class Parse {

        private final DataInputStream in;
        private final ByteArrayInputStream source;
        private final URI directory;
        private final List<FlinkStateFile> files = new ArrayList<>();
        private long inlineBytes;
        private int version;

        Parse(byte[] bytes, URI directory) {
            this.source = new ByteArrayInputStream(bytes);
            this.in = new DataInputStream(source);
            this.directory = directory.getPath().endsWith("/") ? directory : URI.create(directory + "/");
        }

        FlinkSnapshotMetadata metadata() throws IOException, FlinkMetadataUnreadable {
            int magic = in.readInt();
            if (magic != HEADER_MAGIC) {
                throw FlinkMetadataUnreadable.corrupt(
                        "it does not start with Flink's magic number (0x%08x, found 0x%08x)"
                                .formatted(HEADER_MAGIC, magic));
            }
            version = in.readInt();
            if (version < OLDEST_FORMAT || version > NEWEST_FORMAT) {
                throw FlinkMetadataUnreadable.unsupported("metadata format version " + version + "; Cairn reads "
                        + OLDEST_FORMAT + " to " + NEWEST_FORMAT + " (Flink 1.15 to 2.x)");
            }
            long checkpointId = in.readLong();
            if (checkpointId < 0) {
                throw FlinkMetadataUnreadable.corrupt("negative checkpoint id " + checkpointId);
            }
            int masterStates = count("master states");
            for (int i = 0; i < masterStates; i++) {
                skipMasterState();
            }
            int operators = count("operators");
            for (int i = 0; i < operators; i++) {
                readOperator();
            }
            // Format 4 and later go on with Java-serialised checkpoint properties: nothing to list there.
            return new FlinkSnapshotMetadata(version, checkpointId, operators, files, inlineBytes);
        }

        private void skipMasterState() throws IOException, FlinkMetadataUnreadable {
            if (in.readInt() != MASTER_STATE_MAGIC) {
                throw FlinkMetadataUnreadable.corrupt("a master state lacks its magic number");
            }
            int length = length("master state");
            in.skipNBytes(length);
            inlineBytes += length;
        }

        private void readOperator() throws IOException, FlinkMetadataUnreadable {
            if (version >= 5) {
                in.readUTF(); // name
                in.readUTF(); // uid
            }
            in.readLong(); // operator id, lower and upper half
            in.readLong();
            in.readInt(); // parallelism
            in.readInt(); // max parallelism
            streamHandle(null); // coordinator state: inline bytes, if any
            int subtasks = in.readInt();
            if (subtasks < 0) {
                return; // the whole operator had finished
            }
            bound(subtasks, "subtask states");
            for (int i = 0; i < subtasks; i++) {
                if (in.readInt() >= 0) { // a negative index marks a finished subtask, with no state
                    readSubtask();
                }
            }
        }

        private void readSubtask() throws IOException, FlinkMetadataUnreadable {
            if (in.readInt() != 0) {
                operatorHandle();
            }
            if (in.readInt() != 0) {
                operatorHandle();
            }
            keyedHandle(); // managed
            keyedHandle(); // raw
            int inputChannels = count("input channel handles");
            for (int i = 0; i < inputChannels; i++) {
                channelHandle();
            }
            int outputChannels = count("output channel handles");
            for (int i = 0; i < outputChannels; i++) {
                channelHandle();
            }
        }

        private void operatorHandle() throws IOException, FlinkMetadataUnreadable {
            int type = in.readByte();
            if (type == NULL_HANDLE) {
                return;
            }
            if (type == SEGMENT_OPERATOR_STATE_HANDLE) {
                throw FlinkMetadataUnreadable.unsupported(
                        "operator state in file-merging segments " + "(execution.checkpointing.file-merging.enabled)");
            }
            if (type != OPERATOR_STATE_HANDLE) {
                throw FlinkMetadataUnreadable.corrupt("unknown operator state handle type " + type);
            }
            int states = count("operator state names");
            for (int i = 0; i < states; i++) {
                in.readUTF(); // state name
                in.readByte(); // distribution mode
                skipLongs(count("partition offsets"));
            }
            streamHandle(Role.OPERATOR);
        }

        private void keyedHandle() throws IOException, FlinkMetadataUnreadable {
            int type = in.readByte();
            switch (type) {
                case NULL_HANDLE -> {}
                case KEY_GROUPS_HANDLE, KEY_GROUPS_HANDLE_V2, SAVEPOINT_KEY_GROUPS_HANDLE -> {
                    keyGroupOffsets();
                    streamHandle(Role.KEYED);
                    if (type == KEY_GROUPS_HANDLE_V2) {
                        in.readUTF(); // state handle id
                    }
                }
                case INCREMENTAL_HANDLE, INCREMENTAL_HANDLE_V2 -> {
                    in.readLong(); // checkpoint id
                    in.readUTF(); // backend id
                    in.readInt(); // first key group
                    in.readInt(); // key group count
                    if (type == INCREMENTAL_HANDLE_V2) {
                        in.readLong(); // checkpointed size
                    }
                    streamHandle(Role.INCREMENTAL_METADATA);
                    handlesWithLocalPaths(Role.INCREMENTAL_SHARED);
                    handlesWithLocalPaths(Role.INCREMENTAL_PRIVATE);
                    if (type == INCREMENTAL_HANDLE_V2) {
                        in.readUTF(); // state handle id
                    }
                }
                case CHANGELOG_HANDLE,
                        CHANGELOG_HANDLE_V2,
                        CHANGELOG_BYTES_HANDLE,
                        CHANGELOG_FILE_HANDLE,
                        CHANGELOG_FILE_HANDLE_V2 ->
                    throw FlinkMetadataUnreadable.unsupported(
                            "state of the changelog state backend (state.changelog.enabled), whose files "
                                    + "outlive the checkpoint that wrote them");
                default -> throw FlinkMetadataUnreadable.corrupt("unknown keyed state handle type " + type);
            }
        }

        private void keyGroupOffsets() throws IOException, FlinkMetadataUnreadable {
            in.readInt(); // first key group
            int keyGroups = in.readInt();
            bound(keyGroups, "key group offsets");
            skipLongs(keyGroups);
        }

        private void handlesWithLocalPaths(Role role) throws IOException, FlinkMetadataUnreadable {
            int handles = count("incremental state handles");
            for (int i = 0; i < handles; i++) {
                in.readUTF(); // the file's name in the RocksDB instance
                streamHandle(role);
            }
        }

        private void channelHandle() throws IOException, FlinkMetadataUnreadable {
            int type = version >= 6 ? in.read() : INPUT_CHANNEL_HANDLE;
            switch (type) {
                case INPUT_CHANNEL_HANDLE, RESULT_SUBPARTITION_HANDLE -> {
                    in.readInt(); // subtask index
                    in.readInt(); // gate or partition index
                    in.readInt(); // channel or subpartition index
                    skipLongs(count("channel offsets"));
                    in.readLong(); // size
                    streamHandle(Role.IN_FLIGHT);
                }
                case MERGED_INPUT_CHANNEL_HANDLE, MERGED_RESULT_SUBPARTITION_HANDLE -> {
                    in.readInt(); // subtask index
                    in.readLong(); // size
                    streamHandle(Role.IN_FLIGHT);
                    in.skipNBytes(length("channel offsets"));
                }
                default -> throw FlinkMetadataUnreadable.corrupt("unknown channel state handle type " + type);
            }
        }

        /** A stream handle: a file (recorded under {@code role}), inline bytes, or nothing. */
        private void streamHandle(Role role) throws IOException, FlinkMetadataUnreadable {
            int type = in.read();
            switch (type) {
                case NULL_HANDLE -> {}
                case BYTE_STREAM_HANDLE -> {
                    in.readUTF(); // handle name
                    int length = length("inline state");
                    in.skipNBytes(length);
                    inlineBytes += length;
                }
                case FILE_HANDLE -> {
                    long size = in.readLong();
                    file(absolute(in.readUTF()), size, role);
                }
                case RELATIVE_FILE_HANDLE -> {
                    String relative = in.readUTF();
                    long size = in.readLong();
                    file(relative(relative), size, role);
                }
                case KEY_GROUPS_HANDLE -> {
                    keyGroupOffsets();
                    streamHandle(role);
                }
                case SEGMENT_FILE_HANDLE, EMPTY_SEGMENT_FILE_HANDLE ->
                    throw FlinkMetadataUnreadable.unsupported(
                            "state in file-merging segments (execution.checkpointing.file-merging.enabled), "
                                    + "whose files several checkpoints share");
                case -1 -> throw new EOFException();
                default -> throw FlinkMetadataUnreadable.corrupt("unknown state handle type " + type);
            }
        }

        private void file(URI uri, long size, Role role) throws FlinkMetadataUnreadable {
            if (role == null) {
                throw FlinkMetadataUnreadable.corrupt("coordinator state must be inline, yet it names the file " + uri);
            }
            if (size < 0) {
                throw FlinkMetadataUnreadable.corrupt("negative size " + size + " of " + uri);
            }
            files.add(new FlinkStateFile(uri, size, role));
        }

        private URI absolute(String path) throws FlinkMetadataUnreadable {
            try {
                URI uri = new URI(path);
                if (!uri.isAbsolute()) {
                    // Flink writes a file path without a scheme when the file system is the default one.
                    uri = new URI(directory.getScheme(), directory.getAuthority(), uri.getPath(), null, null);
                }
                return uri.normalize();
            } catch (URISyntaxException e) {
                throw FlinkMetadataUnreadable.corrupt("'" + path + "' is not a file path");
            }
        }

        private URI relative(String name) throws FlinkMetadataUnreadable {
            if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
                throw FlinkMetadataUnreadable.corrupt("relative state file '" + name + "' is not a plain file name");
            }
            try {
                return directory.resolve(new URI(null, null, name, null));
            } catch (URISyntaxException e) {
                throw FlinkMetadataUnreadable.corrupt("relative state file '" + name + "' is not a file name");
            }
        }

        private void skipLongs(int count) throws IOException {
            in.skipNBytes(8L * count);
        }

        /** A count of elements, each at least one byte long: never more than what is left. */
        private int count(String what) throws IOException, FlinkMetadataUnreadable {
            int count = in.readInt();
            bound(count, what);
            return count;
        }

        private int length(String what) throws IOException, FlinkMetadataUnreadable {
            return count(what);
        }

        private void bound(int count, String what) throws FlinkMetadataUnreadable {
            if (count < 0 || count > source.available()) {
                throw FlinkMetadataUnreadable.corrupt(
                        "it claims " + count + " " + what + " with " + source.available() + " bytes left");
            }
        }
    }
}
