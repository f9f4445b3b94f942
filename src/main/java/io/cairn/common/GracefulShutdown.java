package io.cairn.common;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops an executor without interrupting work in progress first: an interrupt during a database
 * write makes H2 close the database for the rest of the process. Work still running after the
 * grace period is interrupted after all.
 */
public final class GracefulShutdown {

    private GracefulShutdown() {}

    public static void stop(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
