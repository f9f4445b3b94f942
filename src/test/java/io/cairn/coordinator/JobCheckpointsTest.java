package io.cairn.coordinator;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.Alignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pending checkpoint's expiry is armed and cancelled under the job's monitor, whichever comes first. */
class JobCheckpointsTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void endingAPendingCheckpointCancelsItsExpiry() {
        JobCheckpoints job = new JobCheckpoints(1, "orders");
        PendingCheckpoint checkpoint = pending(1);
        job.add(checkpoint);
        ScheduledFuture<?> expiry = later();

        job.armExpiry(checkpoint, expiry);
        assertThat(job.end(1, AckOutcome.DISCARDED)).contains(checkpoint);

        assertThat(expiry.isCancelled()).isTrue();
    }

    @Test
    void anExpiryArmedAfterTheCheckpointEndedIsCancelledAtOnce() {
        JobCheckpoints job = new JobCheckpoints(1, "orders");
        PendingCheckpoint checkpoint = pending(2);
        job.add(checkpoint);
        job.end(2, AckOutcome.DISCARDED);
        ScheduledFuture<?> expiry = later();

        job.armExpiry(checkpoint, expiry);

        assertThat(expiry.isCancelled()).isTrue();
        assertThat(job.endedOutcome(2)).contains(AckOutcome.DISCARDED);
    }

    private ScheduledFuture<?> later() {
        return timer.schedule(() -> {}, 1, TimeUnit.HOURS);
    }

    private static PendingCheckpoint pending(long id) {
        return new PendingCheckpoint(
                1,
                "orders",
                id,
                100 + id,
                new SnapshotType.Checkpoint(),
                false,
                Alignment.ALIGNED,
                Instant.parse("2026-11-30T10:00:00Z"),
                0,
                URI.create("file:/srv/cairn/orders/chk-" + id),
                List.of(new PendingCheckpoint.TaskShape("t", 1)),
                List.of(new ExpectedSubtask("t", 0, "http://t-0", false)));
    }
}
