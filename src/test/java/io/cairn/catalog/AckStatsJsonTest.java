package io.cairn.catalog;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored format of a checkpoint's subtask figures: rows written today must read the same later. */
class AckStatsJsonTest {

    private final AckStatsJson json = new AckStatsJson();

    private final List<TaskSnapshot.Stats> figures = List.of(
            new TaskSnapshot.Stats(
                    "map",
                    0,
                    Instant.parse("2026-12-01T10:00:00.123456Z"),
                    2048,
                    1024,
                    0,
                    3,
                    40,
                    12,
                    5,
                    false,
                    1_700_000_000_000L),
            new TaskSnapshot.Stats(
                    "map", 1, Instant.parse("2026-12-01T10:00:00.2Z"), 4096, 4096, 512, 4, 41, 0, 6, true, null));

    private static final String STORED = "[[\"map\",0,1796119200123456,2048,1024,0,3,40,12,5,false,1700000000000],"
            + "[\"map\",1,1796119200200000,4096,4096,512,4,41,0,6,true,null]]";

    @Test
    void writesOneArrayPerSubtaskInAFixedOrder() {
        assertThat(json.convertToDatabaseColumn(figures)).isEqualTo(STORED);
    }

    @Test
    void readsWhatItWrote() {
        assertThat(json.convertToEntityAttribute(STORED)).isEqualTo(figures);
    }
}
