package io.cairn.flink;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads Cairn's periodic Flink work runs on. A savepoint can take minutes and an unreachable
 * JobManager seconds per call; on the scheduler's own threads that would hold up checkpoint
 * expiry and the periodic checkpoints of agent jobs. A kind of work still running is not started again.
 */
@Component
class FlinkWorker implements DisposableBean {

    private final ExecutorService threads = Executors.newFixedThreadPool(2, DaemonThreads.named("cairn-flink"));
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Runs {@code work} in the background unless work of this kind is still running. */
    void runIfIdle(String kind, Runnable work) {
        if (!running.add(kind)) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    work.run();
                } finally {
                    running.remove(kind);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(kind); // stopping
        }
    }

    @Override
    public void destroy() {
        GracefulShutdown.stop(threads, Duration.ofSeconds(5));
    }
}
