package io.cairn.agent.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent follows the newest coordinator of its job and refuses the ones before it. */
class EpochGuardTest {

    @Test
    void aCommandFromAnOlderEpochIsRefusedAndOneWithoutAnEpochCountsAsZero() {
        EpochGuard guard = new EpochGuard();

        assertThat(guard.admits(0))
                .as("a single replica, or Cairn before epochs")
                .isTrue();
        assertThat(guard.admits(5)).isTrue();
        assertThat(guard.admits(4)).as("the replica that lost the job").isFalse();
        assertThat(guard.admits(0)).isFalse();
        assertThat(guard.admits(5)).as("the current coordinator again").isTrue();
        assertThat(guard.admits(6)).isTrue();
        assertThat(guard.highest()).isEqualTo(6);
    }
}
