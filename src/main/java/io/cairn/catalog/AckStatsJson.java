package io.cairn.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint's subtask figures as a JSON array with one array per subtask (field names written
 * once per subtask would triple its size): task id, subtask, acknowledged at (microseconds since
 * the epoch, as the old timestamp column kept it), state size, checkpointed size, in-flight
 * bytes, sync, async, alignment and start delay in ms, unaligned, watermark or null.
 */
@Converter
class AckStatsJson implements AttributeConverter<List<TaskSnapshot.Stats>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Encoded>> ENCODED = new TypeReference<>() {};

    // The order is the stored format: pinned, whatever a Jackson version sorts by.
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({
        "taskId",
        "subtask",
        "acknowledgedAtMicros",
        "stateSize",
        "checkpointedSize",
        "inFlightBytes",
        "syncMs",
        "asyncMs",
        "alignmentMs",
        "startDelayMs",
        "unaligned",
        "watermark"
    })
    record Encoded(
            String taskId,
            int subtask,
            long acknowledgedAtMicros,
            long stateSize,
            long checkpointedSize,
            long inFlightBytes,
            long syncMs,
            long asyncMs,
            long alignmentMs,
            long startDelayMs,
            boolean unaligned,
            Long watermark) {}

    @Override
    public String convertToDatabaseColumn(List<TaskSnapshot.Stats> subtasks) {
        return JSON.writeValueAsString(subtasks.stream()
                .map(stats -> new Encoded(
                        stats.taskId(),
                        stats.subtask(),
                        ChronoUnit.MICROS.between(Instant.EPOCH, stats.acknowledgedAt()),
                        stats.stateSize(),
                        stats.checkpointedSize(),
                        stats.inFlightBytes(),
                        stats.syncMs(),
                        stats.asyncMs(),
                        stats.alignmentMs(),
                        stats.startDelayMs(),
                        stats.unaligned(),
                        stats.watermark()))
                .toList());
    }

    @Override
    public List<TaskSnapshot.Stats> convertToEntityAttribute(String column) {
        return JSON.readValue(column, ENCODED).stream()
                .map(encoded -> new TaskSnapshot.Stats(
                        encoded.taskId(),
                        encoded.subtask(),
                        Instant.EPOCH.plus(encoded.acknowledgedAtMicros(), ChronoUnit.MICROS),
                        encoded.stateSize(),
                        encoded.checkpointedSize(),
                        encoded.inFlightBytes(),
                        encoded.syncMs(),
                        encoded.asyncMs(),
                        encoded.alignmentMs(),
                        encoded.startDelayMs(),
                        encoded.unaligned(),
                        encoded.watermark()))
                .toList();
    }
}
