package io.cairn.catalog;

import java.time.Instant;

import io.cairn.catalog.Checkpoint.CompletionStats;
import io.cairn.protocol.Alignment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final CompletionStats STATS = new CompletionStats(Alignment.ALIGNED, 4, 100, 50, 0, 10);

    @Test
    void aCompletedCheckpointCannotFailAfterwards() {
        Checkpoint checkpoint = pending();
        checkpoint.markCompleted(T0.plusMillis(40), STATS);

        assertThatThrownBy(() -> checkpoint.markFailed(T0.plusMillis(50), FailureReason.EXPIRED, "late", 4))
                .isInstanceOf(IllegalCheckpointTransition.class);
        assertThat(checkpoint.getStatus()).isEqualTo(CheckpointStatus.COMPLETED);
        assertThat(checkpoint.getDurationMs()).isEqualTo(40);
    }

    @Test
    void aPendingCheckpointOvertakenByANewerOneFailsAsSubsumedKeepingItsAcks() {
        Checkpoint checkpoint = pending();

        checkpoint.markFailed(T0.plusSeconds(1), FailureReason.SUBSUMED, "checkpoint 8 completed first", 3);

        assertThat(checkpoint.getStatus()).isEqualTo(CheckpointStatus.FAILED);
        assertThat(checkpoint.getFailureReason()).isEqualTo(FailureReason.SUBSUMED);
        assertThat(checkpoint.getNumAcknowledged()).isEqualTo(3);
    }

    @Test
    void onlyARestorableCheckpointIsPinned() {
        Checkpoint checkpoint = pending();

        assertThatThrownBy(checkpoint::pin).isInstanceOf(IllegalCheckpointTransition.class);
    }

    private static Checkpoint pending() {
        return Checkpoint.pending(1L, 7, CheckpointKind.CHECKPOINT, Alignment.ALIGNED, "file:/x/chk-7", 4, false, T0);
    }
}
