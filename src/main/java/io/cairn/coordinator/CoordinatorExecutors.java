package io.cairn.coordinator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The coordinator's own threads: a timer for checkpoint expiry and the work that must stay off
 * request threads (deleting a failed checkpoint's files, aborting after a job ends).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoordinatorExecutors {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService coordinatorTimer(CoordinatorProperties properties) {
        return Executors.newScheduledThreadPool(Math.max(2, properties.discardThreads()), named("cairn-coordinator"));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
