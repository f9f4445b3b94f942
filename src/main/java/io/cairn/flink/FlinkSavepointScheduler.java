package io.cairn.flink;

import java.time.Clock;
import java.time.Instant;

import io.cairn.catalog.FlinkJobEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes the periodic savepoints of Flink jobs that have a schedule. A due savepoint is claimed in
 * the catalog first (the job row's version decides between replicas), so each is taken once;
 * then it is triggered, and retention runs after it.
 */
@Component
class FlinkSavepointScheduler {

    private static final Logger log = LoggerFactory.getLogger(FlinkSavepointScheduler.class);

    private final FlinkCatalog catalog;
    private final FlinkOperations operations;
    private final FlinkRetention retention;
    private final Clock clock;

    FlinkSavepointScheduler(FlinkCatalog catalog, FlinkOperations operations, FlinkRetention retention, Clock clock) {
        this.catalog = catalog;
        this.operations = operations;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cairn.flink.schedule-tick:1s}")
    void tick() {
        runOnce();
    }

    void runOnce() {
        for (FlinkJobEntry job : catalog.followedJobs()) {
            SavepointSchedule schedule = SavepointSchedule.of(job.getPolicy());
            Instant now = clock.instant();
            Instant last = job.getLastScheduledAt() == null ? job.getAdoptedAt() : job.getLastScheduledAt();
            if (schedule == null || !schedule.isDue(last, now)) {
                continue;
            }
            try {
                if (!catalog.claimScheduledSavepoint(job.getId(), job.getLastScheduledAt(), now)) {
                    continue; // another replica took it
                }
            } catch (ObjectOptimisticLockingFailureException e) {
                continue; // another replica claimed it at the same moment
            }
            try {
                FlinkSavepointRequest.Format format = job.getPolicy().savepointFormat() == null
                        ? null
                        : FlinkSavepointRequest.Format.valueOf(job.getPolicy().savepointFormat());
                operations.savepoint(job.getFlinkJobId(), new FlinkSavepointRequest(null, format, false));
                retention.apply(catalog.job(job.getFlinkJobId()));
            } catch (RuntimeException e) {
                log.warn("Scheduled savepoint of Flink job {} failed: {}", job.getFlinkJobId(), e.getMessage());
            }
        }
    }
}
