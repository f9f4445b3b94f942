package io.cairn.agent.sdk;

import java.time.Duration;
import java.time.Instant;

import io.cairn.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A renewal falls due a whole interval after Cairn last saw the agent, or after a failed attempt. */
class RenewalDueTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final RenewalDue renewal = new RenewalDue(Duration.ofSeconds(12), clock);

    @Test
    void anAgentNeverSeenRenewsAtOnce() {
        assertThat(renewal.due()).isTrue();
    }

    @Test
    void eachSightingPutsTheNextRenewalAWholeIntervalAhead() {
        renewal.seen();
        clock.advance(Duration.ofSeconds(10));
        renewal.seen();
        clock.advance(Duration.ofSeconds(11));
        assertThat(renewal.due()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(renewal.due()).isTrue();
    }

    @Test
    void aFailedRenewalIsTriedAgainAnIntervalLaterNotAtEveryLook() {
        renewal.attempted();
        clock.advance(Duration.ofSeconds(1));
        assertThat(renewal.due()).isFalse();

        clock.advance(Duration.ofSeconds(11));
        assertThat(renewal.due()).isTrue();
    }

    @Test
    void looksEverySecondOrAQuarterOfAShortInterval() {
        assertThat(renewal.checkEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new RenewalDue(Duration.ofMillis(200), clock).checkEvery()).isEqualTo(Duration.ofMillis(50));
    }
}
