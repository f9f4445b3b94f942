package io.cairn.retention;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.SharedStateEntry;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import io.cairn.storage.StorageUsage;
import io.cairn.storage.StoredEntry;
import org.springframework.stereotype.Component;

/**
 * Finds what lies under the checkpoint roots that no catalog entry references: directories of
 * jobs Cairn does not know, {@code chk-N} directories of checkpoints that failed or were
 * discarded, shared files no entry names, temporary files; and under the savepoint root, the
 * {@code savepoint-*} directories of savepoints that failed, were deleted, or that no catalog entry
 * knows (a late ack after an abort). {@code taskowned/} is never looked at; neither is anything
 * under the savepoint root that Cairn did not name.
 */
@Component
class OrphanScanner {

    private static final Set<CheckpointStatus> FILES_EXPECTED = Set.of(
            CheckpointStatus.PENDING,
            CheckpointStatus.COMPLETED,
            CheckpointStatus.RETAINED,
            CheckpointStatus.DISCARDING);
    private static final int MAX_DEPTH = 8;

    private final CheckpointStorages storages;
    private final JobRepository jobs;
    private final CheckpointRepository checkpoints;
    private final SharedStateRepository sharedState;

    OrphanScanner(
            CheckpointStorages storages,
            JobRepository jobs,
            CheckpointRepository checkpoints,
            SharedStateRepository sharedState) {
        this.storages = storages;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.sharedState = sharedState;
    }

    List<Orphan> scan() {
        Map<String, Job> byId = new HashMap<>();
        jobs.findAll().forEach(job -> byId.put(job.getJobId(), job));
        List<Orphan> orphans = new ArrayList<>();
        StorageRoot savepointRoot = storages.savepointRoot();
        for (StorageRoot root : storages.allowedRoots()) {
            CheckpointStorage storage = storages.forRoot(root);
            for (StoredEntry entry : storage.list("")) {
                if (StorageRoot.parse(root + "/" + entry.path()).contains(savepointRoot)) {
                    continue; // the savepoint root configured inside a checkpoint root: never a job's
                }
                Job job = byId.get(entry.name());
                if (job != null && StorageRoot.parse(job.getCheckpointRoot()).equals(root)) {
                    scanJob(storage, root, job, orphans);
                } else {
                    orphans.add(orphan(
                            storage,
                            root,
                            entry,
                            entry.directory()
                                    ? Orphan.Kind.UNKNOWN_JOB_DIRECTORY
                                    : CheckpointLayout.isTemporaryName(entry.name())
                                            ? Orphan.Kind.TEMPORARY_FILE
                                            : Orphan.Kind.UNKNOWN_FILE));
                }
            }
        }
        scanSavepoints(savepointRoot, orphans);
        return orphans;
    }

    private void scanSavepoints(StorageRoot root, List<Orphan> orphans) {
        Set<String> owned = new HashSet<>();
        checkpoints
                .findByKindAndStatusIn(CheckpointKind.SAVEPOINT, FILES_EXPECTED)
                .forEach(savepoint -> owned.add(savepoint.getExternalPath()));
        CheckpointStorage storage = storages.savepointStorage();
        walkDirectories(storage, "", 0, directory -> {
            if (!CheckpointLayout.isSavepointDirectory(directory.name())) {
                return true;
            }
            if (!owned.contains(root + "/" + directory.path())) {
                orphans.add(orphan(storage, root, directory, Orphan.Kind.SAVEPOINT_DIRECTORY));
            }
            return false;
        });
    }

    /** Visits directories; the visitor says whether to descend. */
    private static void walkDirectories(
            CheckpointStorage storage, String dir, int depth, Predicate<StoredEntry> descend) {
        for (StoredEntry entry : storage.list(dir)) {
            if (entry.directory() && descend.test(entry) && depth < MAX_DEPTH) {
                walkDirectories(storage, entry.path(), depth + 1, descend);
            }
        }
    }

    private void scanJob(CheckpointStorage storage, StorageRoot root, Job job, List<Orphan> orphans) {
        Map<Long, CheckpointStatus> statuses = new HashMap<>();
        for (Checkpoint checkpoint : checkpoints.findByJobPk(job.getId())) {
            statuses.put(checkpoint.getCheckpointId(), checkpoint.getStatus());
        }
        for (StoredEntry entry : storage.list(job.getJobId())) {
            OptionalLong checkpointId = CheckpointLayout.checkpointId(entry.name());
            if (entry.directory() && CheckpointLayout.isTaskOwnedDirectory(entry.name())) {
                continue;
            }
            if (entry.directory() && CheckpointLayout.isSharedDirectory(entry.name())) {
                scanShared(storage, root, job, orphans);
            } else if (entry.directory() && checkpointId.isPresent()) {
                CheckpointStatus status = statuses.get(checkpointId.getAsLong());
                if (status == null || !FILES_EXPECTED.contains(status)) {
                    orphans.add(orphan(storage, root, entry, Orphan.Kind.CHECKPOINT_DIRECTORY));
                } else {
                    storage.list(entry.path()).stream()
                            .filter(file -> CheckpointLayout.isTemporaryName(file.name()))
                            .forEach(file -> orphans.add(orphan(storage, root, file, Orphan.Kind.TEMPORARY_FILE)));
                }
            } else {
                orphans.add(orphan(storage, root, entry, Orphan.Kind.UNKNOWN_FILE));
            }
        }
    }

    private void scanShared(CheckpointStorage storage, StorageRoot root, Job job, List<Orphan> orphans) {
        Set<String> referenced = new HashSet<>();
        sharedState
                .findByJobPkAndStatusIn(
                        job.getId(), List.of(SharedStateEntry.Status.LIVE, SharedStateEntry.Status.DISCARDING))
                .forEach(entry -> referenced.add(entry.getStateKey()));
        String shared = CheckpointLayout.sharedDirectory(job.getJobId());
        String prefix = shared + "/";
        walk(storage, shared, 0, file -> {
            if (!referenced.contains(file.path().substring(prefix.length()))) {
                orphans.add(orphan(storage, root, file, Orphan.Kind.SHARED_FILE));
            }
        });
    }

    private static void walk(CheckpointStorage storage, String dir, int depth, Consumer<StoredEntry> onFile) {
        for (StoredEntry entry : storage.list(dir)) {
            if (!entry.directory()) {
                onFile.accept(entry);
            } else if (depth < MAX_DEPTH) {
                walk(storage, entry.path(), depth + 1, onFile);
            }
        }
    }

    private static Orphan orphan(CheckpointStorage storage, StorageRoot root, StoredEntry entry, Orphan.Kind kind) {
        StorageUsage usage = entry.directory() ? storage.usage(entry.path()) : new StorageUsage(1, entry.size());
        return new Orphan(root.toString(), entry.path(), kind, usage.files(), usage.bytes(), entry.modifiedAt());
    }
}
