package io.cairn.flink;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FlinkWorkerTest {

    @Test
    void workStillRunningIsNotStartedAgainAndOtherKindsAreNotHeldUp() throws Exception {
        FlinkWorker worker = new FlinkWorker();
        CountDownLatch savepointTakesLong = new CountDownLatch(1);
        AtomicInteger savepoints = new AtomicInteger();
        AtomicInteger follows = new AtomicInteger();
        try {
            worker.runIfIdle("savepoints", () -> {
                savepoints.incrementAndGet();
                awaitQuietly(savepointTakesLong);
            });
            await().until(() -> savepoints.get() == 1);

            worker.runIfIdle("savepoints", savepoints::incrementAndGet);
            worker.runIfIdle("follow", follows::incrementAndGet);
            await().until(() -> follows.get() == 1);
            assertThat(savepoints).as("not started while the first still runs").hasValue(1);

            savepointTakesLong.countDown();
            await().untilAsserted(() -> {
                worker.runIfIdle("savepoints", savepoints::incrementAndGet);
                assertThat(savepoints.get()).isGreaterThanOrEqualTo(2);
            });
        } finally {
            savepointTakesLong.countDown();
            worker.destroy();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
