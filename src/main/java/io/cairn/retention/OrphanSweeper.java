package io.cairn.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cairn.cluster.JobOwnership;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointStorages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reports orphans, and deletes those older than the grace period unless it is a dry run. A
 * checkpoint still being written is younger than twice the largest checkpoint timeout, so the
 * default grace period never takes files a running checkpoint will reference.
 */
@Component
class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final OrphanScanner scanner;
    private final CheckpointStorages storages;
    private final JobRepository jobs;
    private final RetentionProperties properties;
    private final RetentionMetrics metrics;
    private final Clock clock;

    private final JobOwnership ownership;

    OrphanSweeper(
            OrphanScanner scanner,
            CheckpointStorages storages,
            JobRepository jobs,
            RetentionProperties properties,
            RetentionMetrics metrics,
            JobOwnership ownership,
            Clock clock) {
        this.ownership = ownership;
        this.scanner = scanner;
        this.storages = storages;
        this.jobs = jobs;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    List<Orphan> report() {
        List<Orphan> orphans = scanner.scan();
        metrics.orphansFound(orphans.size());
        metrics.orphaned(orphans);
        return orphans;
    }

    SweepReport sweep(boolean dryRun, Duration requestedGrace) {
        Duration grace = requestedGrace != null ? requestedGrace : defaultGrace();
        Instant cutoff = clock.instant().minus(grace);
        List<Orphan> swept = new ArrayList<>();
        List<Orphan> tooYoung = new ArrayList<>();
        List<Orphan> notDeleted = new ArrayList<>();
        for (Orphan orphan : report()) {
            if (orphan.modifiedAt().isAfter(cutoff)) {
                tooYoung.add(orphan);
                continue;
            }
            if (!dryRun) {
                try {
                    storages.forRoot(orphan.root()).delete(orphan.path());
                } catch (RuntimeException e) {
                    log.warn(
                            "Could not sweep orphan {} under {}; the next sweep tries again: {}",
                            orphan.path(),
                            orphan.root(),
                            e.getMessage());
                    notDeleted.add(orphan);
                    continue;
                }
                log.info(
                        "Swept orphan {} under {} ({} files, {} bytes)",
                        orphan.path(),
                        orphan.root(),
                        orphan.files(),
                        orphan.bytes());
            }
            swept.add(orphan);
        }
        if (!dryRun) {
            notDeleted.addAll(tooYoung);
            metrics.orphaned(notDeleted);
        }
        return new SweepReport(
                dryRun,
                grace,
                swept,
                tooYoung.size(),
                swept.stream().mapToLong(Orphan::bytes).sum());
    }

    @Scheduled(
            fixedDelayString = "${cairn.retention.orphan-sweep-interval:1h}",
            initialDelayString = "${cairn.retention.orphan-sweep-interval:1h}")
    void periodicSweep() {
        runOnce();
    }

    void runOnce() {
        if (!properties.orphanSweepEnabled()
                || !ownership.runsSingleton(
                        "orphan-sweep", properties.orphanSweepInterval().multipliedBy(2))) {
            return; // off, or another replica sweeps this time
        }
        try {
            SweepReport report = sweep(false, null);
            log.info(
                    "Periodic orphan sweep deleted {} orphan(s), {} bytes",
                    report.swept().size(),
                    report.bytes());
        } catch (RuntimeException e) {
            log.error("Periodic orphan sweep failed; it runs again in {}", properties.orphanSweepInterval(), e);
        }
    }

    /** Twice the largest checkpoint timeout of any job, or the configured grace period. */
    Duration defaultGrace() {
        if (properties.orphanGracePeriod() != null) {
            return properties.orphanGracePeriod();
        }
        Duration largest = jobs.findAll().stream()
                .map(job -> job.getCheckpointing().timeout())
                .max(Duration::compareTo)
                .orElse(Duration.ofMinutes(10));
        return largest.multipliedBy(2);
    }

    /**
     * @param swept orphans deleted (or, in a dry run, that would be)
     * @param keptTooYoung orphans younger than the grace period, left alone
     */
    record SweepReport(boolean dryRun, Duration gracePeriod, List<Orphan> swept, int keptTooYoung, long bytes) {}
}
