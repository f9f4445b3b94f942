package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cairn.catalog.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM (the context closing), before anything else stops: readiness goes DOWN, no new
 * checkpoint starts, and every pending one is aborted with SHUTDOWN, its directory removed and its
 * agents told, waiting a few seconds for them, well within a pod's termination grace period.
 */
@Component
class CoordinatorShutdown {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorShutdown.class);
    private static final long NOTIFY_WAIT_SECONDS = 5;

    private final JobCheckpointsRegistry registry;
    private final CheckpointAborter aborter;

    CoordinatorShutdown(JobCheckpointsRegistry registry, CheckpointAborter aborter) {
        this.registry = registry;
        this.aborter = aborter;
    }

    @EventListener
    void onClose(ContextClosedEvent event) {
        AvailabilityChangeEvent.publish(event.getApplicationContext(), ReadinessState.REFUSING_TRAFFIC);
        registry.close();
        List<CompletableFuture<Void>> told = new ArrayList<>();
        for (JobCheckpoints job : registry.all()) {
            for (PendingCheckpoint pending : job.allPending()) {
                told.add(aborter.abort(job, pending.checkpointId, FailureReason.SHUTDOWN, "Cairn is shutting down"));
            }
        }
        if (told.isEmpty()) {
            return;
        }
        log.info("Shutting down: aborted {} pending checkpoint(s)", told.size());
        try {
            CompletableFuture.allOf(told.toArray(CompletableFuture[]::new)).get(NOTIFY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Not every agent heard of the aborts before shutdown: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
