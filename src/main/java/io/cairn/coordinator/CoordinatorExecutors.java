package io.cairn.coordinator;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import org.springframework.beans.factory.DisposableBean;
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

    @Bean(destroyMethod = "")
    ScheduledExecutorService coordinatorTimer(CoordinatorProperties properties) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                Math.max(2, properties.discardThreads()), DaemonThreads.named("cairn-coordinator"));
        // Expiry timers of checkpoints still pending are dropped at shutdown, not waited for.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    @Bean
    DisposableBean coordinatorTimerShutdown(ScheduledExecutorService coordinatorTimer) {
        return () -> GracefulShutdown.stop(coordinatorTimer, Duration.ofSeconds(5));
    }
}
