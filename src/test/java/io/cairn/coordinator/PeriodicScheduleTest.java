package io.cairn.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.coordinator.PeriodicSchedule.Periodic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicScheduleTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Periodic EVERY_10_S = new Periodic(Duration.ofSeconds(10), Duration.ZERO);

    private final List<long[]> jitterAsked = new ArrayList<>();
    /** Picks the middle of the range it is given, and remembers the range. */
    private final PeriodicSchedule schedule = new PeriodicSchedule((min, max) -> {
        jitterAsked.add(new long[] {min, max});
        return (min + max) / 2;
    });

    @Test
    void theFirstCheckpointComesAtAJitteredPointBetweenMinPauseAndTheInterval() {
        Periodic settings = new Periodic(Duration.ofSeconds(10), Duration.ofSeconds(2));

        assertThat(schedule.dueAt(T0, Map.of("a", settings))).isEmpty();
        assertThat(jitterAsked)
                .singleElement()
                .satisfies(range -> assertThat(range).containsExactly(2_000, 10_000));
        assertThat(schedule.dueAt(T0.plusMillis(5_999), Map.of("a", settings))).isEmpty();
        assertThat(schedule.dueAt(T0.plusMillis(6_000), Map.of("a", settings))).containsExactly("a");
    }

    @Test
    void afterATriggerTheNextIsOneIntervalLater() {
        schedule.dueAt(T0, Map.of("a", EVERY_10_S));
        Instant firstDue = T0.plusSeconds(5);
        assertThat(schedule.dueAt(firstDue, Map.of("a", EVERY_10_S))).containsExactly("a");

        schedule.attempted("a", firstDue, EVERY_10_S.interval());

        assertThat(schedule.dueAt(firstDue.plusMillis(9_999), Map.of("a", EVERY_10_S)))
                .isEmpty();
        assertThat(schedule.dueAt(firstDue.plusSeconds(10), Map.of("a", EVERY_10_S)))
                .containsExactly("a");
    }

    @Test
    void aRefusedTriggerStaysDueOnEveryTickUntilOneIsTaken() {
        schedule.dueAt(T0, Map.of("a", EVERY_10_S));

        // Not attempted(): the trigger was refused (max concurrent, min pause, agents missing).
        assertThat(schedule.dueAt(T0.plusSeconds(5), Map.of("a", EVERY_10_S))).containsExactly("a");
        assertThat(schedule.dueAt(T0.plusMillis(5_100), Map.of("a", EVERY_10_S)))
                .containsExactly("a");
        assertThat(schedule.dueAt(T0.plusMillis(5_200), Map.of("a", EVERY_10_S)))
                .containsExactly("a");
    }

    @Test
    void aChangedIntervalStartsOverAndAForgottenJobStartsOverWhenItReturns() {
        schedule.dueAt(T0, Map.of("a", EVERY_10_S));
        schedule.attempted("a", T0.plusSeconds(5), EVERY_10_S.interval());
        Periodic everyMinute = new Periodic(Duration.ofMinutes(1), Duration.ZERO);

        assertThat(schedule.dueAt(T0.plusSeconds(6), Map.of("a", everyMinute))).isEmpty();
        assertThat(schedule.dueAt(T0.plusSeconds(6 + 30), Map.of("a", everyMinute)))
                .containsExactly("a");

        assertThat(schedule.dueAt(T0.plusSeconds(40), Map.of())).isEmpty();
        assertThat(schedule.dueAt(T0.plusSeconds(41), Map.of("a", EVERY_10_S))).isEmpty();
        assertThat(schedule.dueAt(T0.plusSeconds(46), Map.of("a", EVERY_10_S))).containsExactly("a");
    }

    @Test
    void aMinPauseAsLongAsTheIntervalNeedsNoJitterAndJobsAreDueIndependently() {
        Periodic fixed = new Periodic(Duration.ofSeconds(10), Duration.ofSeconds(10));

        schedule.dueAt(T0, Map.of("a", fixed, "b", EVERY_10_S));

        assertThat(jitterAsked)
                .singleElement()
                .satisfies(range -> assertThat(range).containsExactly(0, 10_000));
        assertThat(schedule.dueAt(T0.plusSeconds(5), Map.of("a", fixed, "b", EVERY_10_S)))
                .containsExactly("b");
        assertThat(schedule.dueAt(T0.plusSeconds(10), Map.of("a", fixed, "b", EVERY_10_S)))
                .containsExactlyInAnyOrder("a", "b");
    }
}
