package io.cairn.flink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkCheckpointEntry.Figures;
import io.cairn.catalog.FlinkCheckpointEntry.FileToDelete;
import io.cairn.catalog.FlinkCheckpointEntry.Kind;
import io.cairn.catalog.FlinkCheckpointRepository;
import io.cairn.catalog.FlinkJobEntry;
import io.cairn.catalog.FlinkJobRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog side of adopted Flink jobs, one short transaction per call: what a look at the
 * directory found is recorded after the look, never during it.
 */
@Component
class FlinkCatalog {

    private final FlinkJobRepository jobs;
    private final FlinkCheckpointRepository checkpoints;

    FlinkCatalog(FlinkJobRepository jobs, FlinkCheckpointRepository checkpoints) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
    }

    @Transactional
    FlinkJobEntry adopt(
            String flinkJobId, String name, String directory, String restUrl, FlinkJobDirectory found, Instant at) {
        jobs.findByFlinkJobId(flinkJobId).ifPresent(existing -> {
            throw new FlinkJobAlreadyAdopted(flinkJobId, existing.getCheckpointDirectory());
        });
        FlinkJobEntry job = jobs.saveAndFlush(new FlinkJobEntry(flinkJobId, name, directory, restUrl, at));
        record(job, found, at);
        return job;
    }

    @Transactional
    FlinkJobEntry scanned(String flinkJobId, FlinkJobDirectory found, Instant at) {
        FlinkJobEntry job = job(flinkJobId);
        record(job, found, at);
        job.scanned(at);
        return job;
    }

    @Transactional(readOnly = true)
    FlinkJobEntry job(String flinkJobId) {
        return jobs.findByFlinkJobId(flinkJobId).orElseThrow(() -> new FlinkJobNotFound(flinkJobId));
    }

    /**
     * Records that a scheduled savepoint starts now, if no other replica did since {@code lastSeen}:
     * false when one did; two claims at once meet on the row's version and one fails.
     */
    @Transactional
    boolean claimScheduledSavepoint(long jobPk, Instant lastSeen, Instant at) {
        FlinkJobEntry job = jobs.findById(jobPk).orElseThrow();
        if (!Objects.equals(job.getLastScheduledAt(), lastSeen)) {
            return false;
        }
        job.scheduledSavepoint(at);
        jobs.saveAndFlush(job);
        return true;
    }

    @Transactional
    FlinkJobEntry changePolicy(String flinkJobId, FlinkJobEntry.Policy policy) {
        FlinkJobEntry job = job(flinkJobId);
        job.changePolicy(policy);
        return jobs.save(job);
    }

    /** Savepoints known from Flink's statistics whose {@code _metadata} Cairn has never read. */
    @Transactional(readOnly = true)
    List<FlinkCheckpointEntry> savepointsNotRead(FlinkJobEntry job) {
        return checkpoints.findSavepointsNotRead(job.getId());
    }

    /** The job's checkpoints and savepoints whose {@code _metadata} was read and that are still on storage. */
    @Transactional(readOnly = true)
    List<FlinkCheckpointEntry> retained(FlinkJobEntry job) {
        return checkpoints.findByFlinkJobPkAndStatusIn(job.getId(), List.of(FlinkCheckpointEntry.Status.RETAINED));
    }

    /** Jobs adopted with a REST URL. */
    @Transactional(readOnly = true)
    List<FlinkJobEntry> followedJobs() {
        return jobs.findByRestUrlIsNotNull();
    }

    @Transactional(readOnly = true)
    List<FlinkJobEntry> jobsIn(String directory) {
        return jobs.findByCheckpointDirectory(directory);
    }

    @Transactional(readOnly = true)
    List<FlinkCheckpointEntry> checkpoints(FlinkJobEntry job) {
        return checkpoints.findByFlinkJobPkOrderByCheckpointIdDesc(job.getId());
    }

    @Transactional(readOnly = true)
    Optional<FlinkCheckpointEntry> checkpoint(FlinkJobEntry job, long checkpointId) {
        return checkpoints.findByFlinkJobPkAndCheckpointId(job.getId(), checkpointId);
    }

    /** Journals the plan; from here the deletion finishes the same way whatever happens. */
    @Transactional
    FlinkCheckpointEntry startDiscarding(FlinkJobEntry job, FlinkDeletionPlan plan) {
        FlinkCheckpointEntry entry = checkpoints
                .findByFlinkJobPkAndCheckpointId(job.getId(), plan.checkpointId())
                .orElseThrow(() -> new FlinkCheckpointNotFound(job.getFlinkJobId(), plan.checkpointId()));
        entry.startDiscarding(plan.files().stream()
                .map(file -> new FileToDelete(file.path(), file.bytes()))
                .toList());
        return checkpoints.save(entry);
    }

    /** The journaled files of a DISCARDING checkpoint, {@code _metadata} first. */
    @Transactional(readOnly = true)
    List<FileToDelete> deletions(long checkpointPk) {
        return checkpoints
                .findById(checkpointPk)
                .map(FlinkCheckpointEntry::getDeletions)
                .orElse(List.of());
    }

    @Transactional
    void discarded(long checkpointPk, Instant at) {
        checkpoints.findById(checkpointPk).ifPresent(entry -> entry.discarded(at));
    }

    @Transactional(readOnly = true)
    List<FlinkCheckpointEntry> discarding() {
        return checkpoints.findByStatus(FlinkCheckpointEntry.Status.DISCARDING);
    }

    @Transactional(readOnly = true)
    Optional<FlinkJobEntry> jobOf(FlinkCheckpointEntry checkpoint) {
        return jobs.findById(checkpoint.getFlinkJobPk());
    }

    /**
     * Flink's statistics of the checkpoints in its history: each is catalogued (a failed one FAILED,
     * a completed one VANISHED until a scan finds it on storage), so Cairn's history outlives Flink's.
     *
     * @return the ids of those in the history whose per-task statistics are not catalogued yet
     */
    @Transactional
    List<Long> followed(FlinkJobEntry job, List<FlinkRestClient.HistoryEntry> history, Instant at) {
        List<Long> withoutTasks = new ArrayList<>();
        for (FlinkRestClient.HistoryEntry seen : history) {
            FlinkCheckpointEntry entry = checkpoints
                    .findByFlinkJobPkAndCheckpointId(job.getId(), seen.checkpointId())
                    .orElseGet(() -> new FlinkCheckpointEntry(
                            job.getId(),
                            seen.checkpointId(),
                            seen.savepoint() ? Kind.SAVEPOINT : Kind.CHECKPOINT,
                            seen.savepoint() ? seen.externalPath() : null,
                            at));
            entry.followed(seen.statistics());
            if (seen.failed() && entry.getStatus() == FlinkCheckpointEntry.Status.VANISHED) {
                entry.failedInFlink();
            }
            if (entry.getTasks().isEmpty()) {
                withoutTasks.add(seen.checkpointId());
            }
            checkpoints.save(entry);
        }
        return withoutTasks;
    }

    @Transactional
    void tasksFollowed(FlinkJobEntry job, long checkpointId, List<FlinkCheckpointEntry.TaskStatistics> tasks) {
        checkpoints
                .findByFlinkJobPkAndCheckpointId(job.getId(), checkpointId)
                .ifPresent(entry -> entry.tasksFollowed(tasks));
    }

    /** A checkpoint with its per-task statistics loaded. */
    @Transactional(readOnly = true)
    Optional<FlinkCheckpointEntry> checkpointWithTasks(FlinkJobEntry job, long checkpointId) {
        Optional<FlinkCheckpointEntry> entry = checkpoints.findByFlinkJobPkAndCheckpointId(job.getId(), checkpointId);
        entry.ifPresent(FlinkCheckpointEntry::getTasks);
        return entry;
    }

    /** A savepoint Cairn took or found, as its {@code _metadata} reads (or why it does not). */
    @Transactional
    FlinkCheckpointEntry savepoint(
            FlinkJobEntry job, long checkpointId, String location, FlinkSnapshotRead read, Instant at) {
        FlinkCheckpointEntry entry = checkpoints
                .findByFlinkJobPkAndCheckpointId(job.getId(), checkpointId)
                .orElseGet(() -> new FlinkCheckpointEntry(job.getId(), checkpointId, Kind.SAVEPOINT, location, at));
        if (entry.mayBeFound()) {
            Figures figures = savepointFigures(new SavepointDirectory(location), read);
            if (read.readable()) {
                entry.read(figures);
            } else {
                entry.unreadable(read.problem(), figures);
            }
        }
        return checkpoints.save(entry);
    }

    /** A savepoint is self-contained: every file it names under its own directory is its own. */
    private static Figures savepointFigures(SavepointDirectory directory, FlinkSnapshotRead read) {
        Map<String, Long> own = new HashMap<>();
        if (read.readable()) {
            for (FlinkStateFile file : read.metadata().files()) {
                directory.relative(file.uri()).ifPresent(relative -> own.put(relative, file.bytes()));
            }
        }
        return figures(read, own, Map.of());
    }

    /** New checkpoints are added, known ones read again, and those gone from storage marked VANISHED. */
    private void record(FlinkJobEntry job, FlinkJobDirectory found, Instant at) {
        // Only what the look can change: those on storage, and those it found (never the whole history).
        Map<Long, FlinkCheckpointEntry> known = new HashMap<>();
        checkpoints
                .findByFlinkJobPkAndStatusIn(
                        job.getId(),
                        List.of(FlinkCheckpointEntry.Status.RETAINED, FlinkCheckpointEntry.Status.UNREADABLE))
                .forEach(entry -> known.put(entry.getCheckpointId(), entry));
        List<Long> foundIds = found.checkpoints().stream()
                .map(FlinkSnapshotRead::checkpointId)
                .toList();
        if (!foundIds.isEmpty()) {
            checkpoints
                    .findByFlinkJobPkAndCheckpointIdIn(job.getId(), foundIds)
                    .forEach(entry -> known.put(entry.getCheckpointId(), entry));
        }
        Set<Long> seen = new HashSet<>();
        for (FlinkSnapshotRead read : found.checkpoints()) {
            seen.add(read.checkpointId());
            FlinkCheckpointEntry entry = known.get(read.checkpointId());
            if (entry == null) {
                entry = new FlinkCheckpointEntry(job.getId(), read.checkpointId(), Kind.CHECKPOINT, null, at);
            } else if (!entry.mayBeFound()) {
                continue; // failed, being deleted, or deleted: what is left of it is no longer a checkpoint
            }
            Figures figures = figures(found.layout(), read);
            if (read.readable()) {
                entry.read(figures);
            } else {
                entry.unreadable(read.problem(), figures);
            }
            checkpoints.save(entry);
        }
        for (FlinkCheckpointEntry entry : known.values()) {
            if (entry.getKind() == Kind.CHECKPOINT && entry.onStorage() && !seen.contains(entry.getCheckpointId())) {
                entry.vanished(at);
            }
        }
    }

    /** Exclusive files lie in the checkpoint's own {@code chk-N/}, shared ones under {@code shared/}; each counted once. */
    static Figures figures(FlinkJobLayout layout, FlinkSnapshotRead read) {
        Map<String, Long> exclusive = new HashMap<>();
        Map<String, Long> shared = new HashMap<>();
        if (read.readable()) {
            for (FlinkStateFile file : read.metadata().files()) {
                layout.relative(file.uri()).ifPresent(relative -> {
                    switch (layout.place(relative, read.checkpointId())) {
                        case OWN_DIRECTORY -> exclusive.put(relative, file.bytes());
                        case SHARED -> shared.put(relative, file.bytes());
                        default -> {}
                    }
                });
            }
        }
        return figures(read, exclusive, shared);
    }

    /** Each file counted once, by its path. */
    private static Figures figures(FlinkSnapshotRead read, Map<String, Long> exclusive, Map<String, Long> shared) {
        return new Figures(
                read.readable() ? read.metadata().formatVersion() : 0,
                read.metadataBytes(),
                exclusive.size(),
                exclusive.values().stream().mapToLong(Long::longValue).sum(),
                shared.size(),
                shared.values().stream().mapToLong(Long::longValue).sum(),
                read.readable() ? read.metadata().inlineBytes() : 0,
                read.writtenAt());
    }
}
