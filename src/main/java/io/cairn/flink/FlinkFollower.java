package io.cairn.flink;

import io.cairn.catalog.FlinkJobEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows every adopted Flink job with a REST URL: Flink's statistics (which remember only its
 * last few checkpoints) and its directory are read every {@code cairn.flink.follow-interval}, so
 * Cairn's history of the job keeps every checkpoint Flink completed or failed meanwhile.
 */
@Component
class FlinkFollower {

    private static final Logger log = LoggerFactory.getLogger(FlinkFollower.class);

    private final FlinkCatalog catalog;
    private final FlinkJobs jobs;
    private final FlinkRetention retention;
    private final FlinkProperties properties;
    private final FlinkWorker worker;
    private volatile long lastRun = System.nanoTime();

    FlinkFollower(
            FlinkCatalog catalog,
            FlinkJobs jobs,
            FlinkRetention retention,
            FlinkProperties properties,
            FlinkWorker worker) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.retention = retention;
        this.properties = properties;
        this.worker = worker;
    }

    /** Checked every second; follows when {@code cairn.flink.follow-interval} has passed since the last time. */
    @Scheduled(
            fixedDelayString = "${cairn.flink.schedule-tick:1s}",
            initialDelayString = "${cairn.flink.schedule-tick:1s}")
    void tick() {
        if (!properties.followInterval().isZero()
                && System.nanoTime() - lastRun >= properties.followInterval().toNanos()) {
            worker.runIfIdle("follow", this::runOnce);
        }
    }

    void runOnce() {
        lastRun = System.nanoTime();
        for (FlinkJobEntry job : catalog.followedJobs()) {
            try {
                follow(job);
            } catch (RuntimeException e) {
                log.warn(
                        "Following Flink job {} failed; trying again in {}: {}",
                        job.getFlinkJobId(),
                        properties.followInterval(),
                        e.getMessage());
            }
        }
    }

    private void follow(FlinkJobEntry job) {
        try {
            retention.apply(jobs.follow(job));
        } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
            // The savepoint scheduler (or another replica) changed the job's row since it was read,
            // or another look at the job (a scan, another replica) catalogued the same new checkpoint
            // first: follow it again from a fresh read now, not a whole interval later, while Flink
            // still remembers what this look saw.
            retention.apply(jobs.follow(catalog.job(job.getFlinkJobId())));
        }
    }
}
