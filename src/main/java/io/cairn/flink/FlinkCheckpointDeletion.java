package io.cairn.flink;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkCheckpointEntry.FileToDelete;
import io.cairn.catalog.FlinkCheckpointEntry.Status;
import io.cairn.catalog.FlinkJobEntry;
import io.cairn.flink.FlinkDeletionPlan.PlannedFile;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.StorageRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Deletes a retained Flink checkpoint: reads the directory afresh, refuses what it cannot judge,
 * plans exactly which files go ({@link FlinkDeletionPlanner}), journals the plan, then deletes
 * {@code _metadata} first and the rest after. A deletion cut short stays DISCARDING and finishes
 * from its journal on the next request or start.
 */
@Service
class FlinkCheckpointDeletion {

    private static final Logger log = LoggerFactory.getLogger(FlinkCheckpointDeletion.class);

    private final FlinkJobs jobs;
    private final FlinkCatalog catalog;
    private final FlinkRoots roots;
    private final Clock clock;
    /** Deletions of one job's checkpoints run one at a time: each judges the others' references. */
    private final ConcurrentMap<String, Object> jobLocks = new ConcurrentHashMap<>();

    FlinkCheckpointDeletion(FlinkJobs jobs, FlinkCatalog catalog, FlinkRoots roots, Clock clock) {
        this.jobs = jobs;
        this.catalog = catalog;
        this.roots = roots;
        this.clock = clock;
    }

    FlinkDeletionPlan delete(String flinkJobId, long checkpointId, boolean dryRun) {
        synchronized (jobLocks.computeIfAbsent(flinkJobId, id -> new Object())) {
            FlinkJobEntry job = catalog.job(flinkJobId);
            FlinkCheckpointEntry entry = catalog.checkpoint(job, checkpointId)
                    .orElseThrow(() -> new FlinkCheckpointNotFound(flinkJobId, checkpointId));
            if (entry.getStatus() == Status.DISCARDING) {
                FlinkDeletionPlan journaled = journaled(entry);
                if (!dryRun) {
                    finish(job, entry);
                }
                return journaled;
            }
            if (entry.getStatus() != Status.RETAINED) {
                throw new FlinkCheckpointNotDeletable(
                        flinkJobId,
                        checkpointId,
                        "it is " + entry.getStatus()
                                + (entry.getProblem() == null ? "" : " (" + entry.getProblem() + ")")
                                + "; only a RETAINED checkpoint, whose _metadata Cairn has read, is deleted");
            }
            FlinkDeletionPlan plan = entry.getKind() == FlinkCheckpointEntry.Kind.SAVEPOINT
                    ? planSavepoint(job, entry)
                    : plan(job, checkpointId);
            if (!dryRun) {
                finish(job, catalog.startDiscarding(job, plan));
            }
            return plan;
        }
    }

    private FlinkDeletionPlan plan(FlinkJobEntry job, long checkpointId) {
        String flinkJobId = job.getFlinkJobId();
        FlinkJobDirectory found = jobs.look(job);
        FlinkSnapshotRead target = found.checkpoint(checkpointId)
                .orElseThrow(() -> new FlinkCheckpointNotDeletable(
                        flinkJobId,
                        checkpointId,
                        "its _metadata is no longer on storage; POST /api/v1/flink/jobs/" + flinkJobId
                                + "/scan records it VANISHED"));
        if (!target.readable()) {
            throw new FlinkCheckpointNotDeletable(
                    flinkJobId, checkpointId, "its _metadata cannot be read now (" + target.problem() + ")");
        }
        if (found.newestReadable().orElseThrow().checkpointId() == checkpointId) {
            throw new FlinkCheckpointNotDeletable(
                    flinkJobId,
                    checkpointId,
                    "it is the newest checkpoint in the directory: Flink restarts from it and builds its next "
                            + "incremental checkpoint on its shared files");
        }
        Set<String> referenced = new HashSet<>(found.referencedByAllBut(checkpointId));
        requireAllReadable(flinkJobId, checkpointId, found);
        // A job restored from this one in CLAIM mode references this job's shared files from its own directory.
        for (FlinkJobEntry other : catalog.jobsIn(job.getCheckpointDirectory())) {
            if (!other.getId().equals(job.getId())) {
                FlinkJobDirectory theirs = jobs.look(other);
                requireAllReadable(flinkJobId, checkpointId, theirs);
                referenced.addAll(theirs.referencedByAllBut(-1));
            }
        }
        return FlinkDeletionPlanner.plan(found.layout(), target, referenced);
    }

    private FlinkDeletionPlan planSavepoint(FlinkJobEntry job, FlinkCheckpointEntry entry) {
        FlinkSnapshotRead read = jobs.readSavepoint(entry.getExternalPath());
        if (!read.readable()) {
            throw new FlinkCheckpointNotDeletable(
                    job.getFlinkJobId(),
                    entry.getCheckpointId(),
                    "the _metadata of savepoint " + entry.getExternalPath() + " cannot be read now (" + read.problem()
                            + ")");
        }
        return FlinkDeletionPlanner.planSavepoint(
                entry.getCheckpointId(), new SavepointDirectory(entry.getExternalPath()), read);
    }

    private static void requireAllReadable(String flinkJobId, long checkpointId, FlinkJobDirectory directory) {
        List<FlinkSnapshotRead> unreadable = directory.unreadable();
        if (!unreadable.isEmpty()) {
            FlinkSnapshotRead first = unreadable.get(0);
            throw new FlinkCheckpointNotDeletable(
                    flinkJobId,
                    checkpointId,
                    "the _metadata of " + first.metadataPath() + " cannot be read (" + first.problem()
                            + "), so which files it still needs is unknown and none is deleted");
        }
    }

    /** Deletes exactly the journaled files, {@code _metadata} first, then marks the checkpoint DISCARDED. */
    void finish(FlinkJobEntry job, FlinkCheckpointEntry entry) {
        boolean savepoint = entry.getKind() == FlinkCheckpointEntry.Kind.SAVEPOINT;
        SavepointDirectory savepointDirectory = savepoint ? new SavepointDirectory(entry.getExternalPath()) : null;
        CheckpointStorage storage = roots.storage(
                StorageRoot.parse(savepoint ? savepointDirectory.parent() : job.getCheckpointDirectory()));
        List<String> files = catalog.deletions(entry.getId()).stream()
                .map(FileToDelete::getPath)
                .toList();
        if (files.isEmpty()) {
            return;
        }
        // _metadata first: from here on the checkpoint is no longer restorable, whatever happens next.
        storage.deleteFiles(files.subList(0, 1));
        storage.deleteFiles(files.subList(1, files.size()));
        String directory = savepoint
                ? savepointDirectory.name()
                : CheckpointLayout.checkpointDirectory(job.getFlinkJobId(), entry.getCheckpointId());
        if (storage.listFiles(directory).isEmpty()) {
            storage.delete(directory);
        }
        catalog.discarded(entry.getId(), clock.instant());
        log.atInfo()
                .addKeyValue("cairn.flink.job", job.getFlinkJobId())
                .log(
                        "Deleted Flink checkpoint {} of job {}: {} files",
                        entry.getCheckpointId(),
                        job.getFlinkJobId(),
                        files.size());
    }

    private FlinkDeletionPlan journaled(FlinkCheckpointEntry entry) {
        List<PlannedFile> files = catalog.deletions(entry.getId()).stream()
                .map(file -> new PlannedFile(file.getPath(), file.getSizeBytes()))
                .toList();
        return new FlinkDeletionPlan(
                entry.getCheckpointId(),
                files,
                files.stream().mapToLong(PlannedFile::bytes).sum(),
                0,
                0);
    }
}
