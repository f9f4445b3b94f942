package io.cairn.flink;

import java.time.Duration;
import java.time.Instant;

import io.cairn.catalog.FlinkJobEntry.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavepointScheduleTest {

    private static final Instant LAST = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anIntervalIsDueThatLongAfterTheLastSavepoint() {
        SavepointSchedule schedule = SavepointSchedule.of(policy(Duration.ofHours(1), null, null));

        assertThat(schedule.isDue(LAST, LAST.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(schedule.isDue(LAST, LAST.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void aCronExpressionIsDueAtTheNextTimeItNamesInUtc() {
        SavepointSchedule schedule = SavepointSchedule.of(policy(null, "0 30 3 * * *", null));

        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-02T03:29:59Z"))).isFalse();
        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-02T03:30:00Z"))).isTrue();
    }

    @Test
    void aSavepointDueInABlackoutAcrossMidnightWaitsForItsEnd() {
        SavepointSchedule schedule =
                SavepointSchedule.of(policy(Duration.ofMinutes(10), null, "12:00-12:30,22:00-02:00"));

        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-01T23:00:00Z"))).isFalse();
        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-02T01:59:00Z"))).isFalse();
        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-02T02:00:00Z"))).isTrue();
        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-01T12:10:00Z"))).isFalse();
        assertThat(schedule.isDue(LAST, Instant.parse("2026-12-01T12:30:00Z"))).isTrue();
    }

    @Test
    void noIntervalAndNoCronIsNoSchedule() {
        assertThat(SavepointSchedule.of(Policy.NONE)).isNull();
    }

    @Test
    void malformedWindowsAndCronExpressionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SavepointSchedule.windows("22:00")).hasMessageContaining("'22:00' is not HH:mm-HH:mm");
        assertThatThrownBy(() -> SavepointSchedule.windows("25:00-01:00")).hasMessageContaining("25:00-01:00");
        assertThatThrownBy(() -> SavepointSchedule.windows("01:00-01:00")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SavepointSchedule.of(policy(null, "every hour", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Policy policy(Duration interval, String cron, String blackouts) {
        return new Policy(null, null, null, interval, cron, blackouts, null);
    }
}
