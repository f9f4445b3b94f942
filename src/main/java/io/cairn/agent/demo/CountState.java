package io.cairn.agent.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Serialises counts and records: a list of (key, value) pairs, each with its key group implied by the key. */
final class CountState {

    private CountState() {}

    static byte[] write(Map<String, Long> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Map.Entry<String, Long> entry : new TreeMap<>(entries).entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Long> read(byte[] data) {
        Map<String, Long> entries = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                entries.put(in.readUTF(), in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt demo state", e);
        }
        return entries;
    }

    static byte[] writeRecords(List<Event> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (Event event : records) {
                out.writeUTF(event.key());
                out.writeLong(event.timestamp());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Event> readRecords(byte[] data) {
        List<Event> records = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                records.add(new Event(in.readUTF(), in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt demo records", e);
        }
        return records;
    }

    /** One synthetic event: a key and its event time. */
    record Event(String key, long timestamp) {}
}
