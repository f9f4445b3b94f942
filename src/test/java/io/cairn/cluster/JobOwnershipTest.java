package io.cairn.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.catalog.FencedOut;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a replica may act on a job: always alone; with several, until a safety margin before its lease could lapse. */
class JobOwnershipTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(5 * SECOND);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aSingleReplicaOwnsEveryJobAndFencesNothing() {
        JobOwnership alone = new JobOwnership(properties(false), "a", null, nanos::get, new SimpleMeterRegistry());

        assertThat(alone.owns(42)).isTrue();
        alone.check(42);
    }

    @Test
    void aConfirmedLeaseIsActedOnUntilTheSafetyMarginBeforeItCouldExpire() {
        JobOwnership ownership = new JobOwnership(properties(true), "a", null, nanos::get, meters);
        assertThat(ownership.owns(7)).isFalse();

        long sentAt = nanos.get();
        nanos.addAndGet(SECOND / 10); // the database answered 100 ms later
        ownership.confirmed(7, 3, sentAt);
        assertThat(ownership.epochOf(7)).isEqualTo(3);

        nanos.set(sentAt + 12 * SECOND - 1); // TTL 15 s minus the 3 s margin, counted from the sending
        assertThat(ownership.owns(7)).isTrue();
        nanos.set(sentAt + 12 * SECOND);
        assertThat(ownership.owns(7)).isFalse();
        assertThatThrownBy(() -> ownership.check(7)).isInstanceOf(FencedOut.class);
        assertThat(meters.counter("cairn.cluster.fenced.writes").count()).isEqualTo(1);

        ownership.confirmed(7, 3, nanos.get());
        assertThat(ownership.owns(7)).isTrue();
        ownership.lost(7);
        assertThat(ownership.owns(7)).isFalse();
        assertThat(ownership.epochOf(7)).isEqualTo(-1);
    }

    @Test
    void aJobJustTakenIsNotActedOnUntilItsLeftoversAreSettled() {
        JobOwnership ownership = new JobOwnership(properties(true), "a", null, nanos::get, meters);

        ownership.settling(7);
        ownership.confirmed(7, 4, nanos.get());
        assertThat(ownership.owns(7))
                .as("no trigger or completion while settling")
                .isFalse();
        assertThat(ownership.epochOf(7))
                .as("settling writes carry the new epoch")
                .isEqualTo(4);

        ownership.settled(7);
        assertThat(ownership.owns(7)).isTrue();
    }

    private static ClusterProperties properties(boolean enabled) {
        return new ClusterProperties(
                enabled, "a", Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(3));
    }
}
