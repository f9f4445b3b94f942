package io.cairn.agent.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an agent renews: once Cairn has not seen it for the renewal interval. A registration, a
 * renewal and an ack Cairn answered {@code renewed} are sightings, so the agent of a job that
 * checkpoints more often than the interval never renews, and one that checkpoints rarely renews
 * every interval as before.
 */
final class RenewalDue {

    private final Duration interval;
    private final Clock clock;
    /** Cairn's last sighting of the agent, or its last attempt to renew. */
    private volatile Instant last = Instant.MIN;

    RenewalDue(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    void seen() {
        last = clock.instant();
    }

    /** A renewal that failed is tried again an interval later, not at every look (Cairn may be down). */
    void attempted() {
        last = clock.instant();
    }

    boolean due() {
        return !clock.instant().isBefore(last.plus(interval));
    }

    /** How often to look: often enough that a renewal is at most a second (or a quarter interval) late. */
    Duration checkEvery() {
        return Duration.ofMillis(Math.max(10, Math.min(1_000, interval.toMillis() / 4)));
    }
}
