package io.cairn.flink;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkJobEntry;
import io.cairn.catalog.FlinkJobEntry.Policy;
import io.cairn.storage.StorageRoot;
import io.cairn.storage.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Adopting a Flink job's checkpoint directory and looking at it again: each look lists the
 * directory once, reads every {@code _metadata} there, and records what it found in the catalog.
 */
@Service
class FlinkJobs {

    private static final Logger log = LoggerFactory.getLogger(FlinkJobs.class);

    private final FlinkRoots roots;
    private final FlinkCatalog catalog;
    private final FlinkRestClient flink;
    private final FlinkProperties properties;
    private final Clock clock;
    private final FlinkMetadataReader reader = new FlinkMetadataReader();

    FlinkJobs(FlinkRoots roots, FlinkCatalog catalog, FlinkRestClient flink, FlinkProperties properties, Clock clock) {
        this.roots = roots;
        this.flink = flink;
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
    }

    FlinkJobView adopt(AdoptFlinkJobRequest request) {
        StorageRoot directory = roots.resolve("checkpointDirectory", request.checkpointDirectory());
        FlinkJobDirectory found = look(directory, request.flinkJobId());
        String name = request.name() == null || request.name().isBlank() ? request.flinkJobId() : request.name();
        FlinkJobEntry job = catalog.adopt(
                request.flinkJobId(), name, directory.toString(), request.restUrl(), found, clock.instant());
        return view(job); // Flink's statistics come with the next scan: adopting never waits for Flink
    }

    FlinkJobView scan(String flinkJobId) {
        return view(follow(catalog.job(flinkJobId)));
    }

    /**
     * Flink's statistics first (when the job has a REST URL), then the directory: what completed is
     * then found; last the per-task statistics of the checkpoints new to Cairn, two or more requests
     * each. Returns the job as recorded after the look.
     */
    FlinkJobEntry follow(FlinkJobEntry job) {
        String flinkJobId = job.getFlinkJobId();
        List<Long> withoutTasks = List.of();
        if (job.getRestUrl() != null) {
            withoutTasks = catalog.followed(job, flink.history(job.getRestUrl(), flinkJobId), clock.instant());
            readSavepointsTakenElsewhere(job);
        }
        FlinkJobEntry scanned = catalog.scanned(flinkJobId, look(job), clock.instant());
        readTaskStatistics(job, withoutTasks);
        return scanned;
    }

    /**
     * Flink remembers only its last few checkpoints ({@code web.checkpoints.history}), so one named
     * by its history may be forgotten by the time its details are asked for: it stays catalogued
     * with the figures of the history, without per-task ones, and the others are still read.
     */
    private void readTaskStatistics(FlinkJobEntry job, List<Long> checkpointIds) {
        for (long checkpointId : checkpointIds) {
            try {
                catalog.tasksFollowed(
                        job, checkpointId, flink.taskStatistics(job.getRestUrl(), job.getFlinkJobId(), checkpointId));
            } catch (FlinkRefused forgotten) {
                log.debug("No per-task statistics of checkpoint {}: {}", checkpointId, forgotten.getMessage());
            }
        }
    }

    FlinkJobView changePolicy(String flinkJobId, FlinkPolicyRequest request) {
        Policy policy = FlinkPolicies.validated(request);
        return view(catalog.changePolicy(flinkJobId, policy));
    }

    FlinkJobView get(String flinkJobId) {
        return view(catalog.job(flinkJobId));
    }

    List<FlinkCheckpointView> checkpoints(String flinkJobId) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        return catalog.checkpoints(job).stream()
                .map(entry -> FlinkCheckpointView.from(job.getCheckpointDirectory(), flinkJobId, entry))
                .toList();
    }

    FlinkCheckpointDetails checkpoint(String flinkJobId, long checkpointId) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        FlinkCheckpointEntry entry = catalog.checkpointWithTasks(job, checkpointId)
                .orElseThrow(() -> new FlinkCheckpointNotFound(flinkJobId, checkpointId));
        return FlinkCheckpointDetails.from(job.getCheckpointDirectory(), flinkJobId, entry);
    }

    FlinkOrphanReport orphans(String flinkJobId, Duration gracePeriod) {
        FlinkJobEntry job = catalog.job(flinkJobId);
        Duration grace = gracePeriod == null ? properties.orphanGracePeriod() : gracePeriod;
        return FlinkOrphans.find(look(job), clock.instant(), grace);
    }

    /** A fresh look at an adopted job's directory. */
    FlinkJobDirectory look(FlinkJobEntry job) {
        return look(StorageRoot.parse(job.getCheckpointDirectory()), job.getFlinkJobId());
    }

    /** Refuses a directory outside {@code cairn.flink.checkpoint-roots}: Cairn reads nothing elsewhere. */
    void requireUnderFlinkRoot(String field, String directory) {
        roots.resolve(field, directory);
    }

    /**
     * A savepoint's {@code _metadata}, read from its own directory; empty when it has none.
     *
     * @throws InvalidFlinkDirectory when the directory is not under a Flink root: Cairn reads nothing there
     */
    Optional<FlinkSnapshotRead> findSavepoint(String location) {
        StorageRoot directory = roots.resolve("location", location);
        return FlinkJobDirectory.readSavepoint(roots.storage(directory), reader);
    }

    /** As {@link #findSavepoint}, a missing {@code _metadata} read as unreadable. */
    FlinkSnapshotRead readSavepoint(String location) {
        return findSavepoint(location)
                .orElse(new FlinkSnapshotRead(0, "_metadata", 0, null, null, "no _metadata in " + location));
    }

    /**
     * Savepoints Flink's statistics name but Cairn has not read (taken by the Flink operator or a
     * user, not through Cairn): read where they lie under a Flink root, so retention and restores
     * can use them; others stay VANISHED.
     */
    private void readSavepointsTakenElsewhere(FlinkJobEntry job) {
        for (FlinkCheckpointEntry savepoint : catalog.savepointsNotRead(job)) {
            try {
                findSavepoint(savepoint.getExternalPath())
                        .ifPresent(read -> catalog.savepoint(
                                job, savepoint.getCheckpointId(), savepoint.getExternalPath(), read, clock.instant()));
            } catch (InvalidFlinkDirectory e) {
                // outside the Flink roots: it stays VANISHED
            }
        }
    }

    /** Every file under a savepoint's directory, relative to the directory holding it. */
    List<StoredEntry> listSavepoint(SavepointDirectory directory) {
        StorageRoot parent = roots.resolve("location", directory.parent());
        return roots.storage(parent).listFiles(directory.name());
    }

    private FlinkJobDirectory look(StorageRoot directory, String flinkJobId) {
        return FlinkJobDirectory.read(roots.storage(directory), flinkJobId, reader);
    }

    private FlinkJobView view(FlinkJobEntry job) {
        return FlinkJobView.from(job, catalog.checkpoints(job));
    }
}
