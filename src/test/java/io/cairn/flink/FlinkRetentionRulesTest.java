package io.cairn.flink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.cairn.catalog.FlinkJobEntry.Policy;
import io.cairn.flink.FlinkRetentionRules.Retained;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkRetentionRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void keepsTheNewestCheckpointsAndLeavesSavepointsToTheirOwnRules() {
        List<Retained> retained =
                List.of(checkpoint(3), checkpoint(5), savepoint(4, Duration.ofDays(30)), checkpoint(7), checkpoint(6));

        assertThat(FlinkRetentionRules.toDelete(retained, policy(2, null, null), NOW))
                .containsExactlyInAnyOrder(5L, 3L);
    }

    @Test
    void savepointsBeyondTheCountGoOldestFirst() {
        List<Retained> retained = List.of(
                savepoint(10, Duration.ofHours(3)),
                savepoint(20, Duration.ofHours(2)),
                savepoint(30, Duration.ofHours(1)));

        assertThat(FlinkRetentionRules.toDelete(retained, policy(null, 2, null), NOW))
                .containsExactly(10L);
        assertThat(FlinkRetentionRules.toDelete(retained, policy(null, 1, null), NOW))
                .containsExactlyInAnyOrder(20L, 10L);
    }

    @Test
    void theNewestSavepointIsKeptHoweverOld() {
        List<Retained> retained = List.of(savepoint(10, Duration.ofDays(9)), savepoint(20, Duration.ofDays(8)));

        assertThat(FlinkRetentionRules.toDelete(retained, policy(null, null, Duration.ofDays(7)), NOW))
                .containsExactly(10L);
    }

    @Test
    void withoutAPolicyNothingGoes() {
        List<Retained> retained = List.of(checkpoint(1), checkpoint(2), savepoint(3, Duration.ofDays(400)));

        assertThat(FlinkRetentionRules.toDelete(retained, Policy.NONE, NOW)).isEmpty();
    }

    private static Policy policy(Integer checkpoints, Integer savepoints, Duration maxAge) {
        return new Policy(checkpoints, savepoints, maxAge, null, null, null, null);
    }

    private static Retained checkpoint(long id) {
        return new Retained(id, false, NOW.minusSeconds(id));
    }

    private static Retained savepoint(long id, Duration age) {
        return new Retained(id, true, NOW.minus(age));
    }
}
