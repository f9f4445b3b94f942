package io.cairn.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.cairn.catalog.CheckpointStatus;
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

    private static final int MAX_DEPTH = 8;

    private final CheckpointStorages storages;
    private final CatalogReferences catalog;

    OrphanScanner(CheckpointStorages storages, CatalogReferences catalog) {
        this.storages = storages;
        this.catalog = catalog;
    }

    List<Orphan> scan() {
        Map<String, CatalogReferences.KnownJob> byId = catalog.jobs();
        List<Orphan> orphans = new ArrayList<>();
        StorageRoot savepointRoot = storages.savepointRoot();
        for (StorageRoot root : storages.allowedRoots()) {
            CheckpointStorage storage = storages.forRoot(root);
            for (StoredEntry entry : storage.list("")) {
                if (StorageRoot.parse(root + "/" + entry.path()).contains(savepointRoot)) {
                    continue; // the savepoint root configured inside a checkpoint root: never a job's
                }
                CatalogReferences.KnownJob job = byId.get(entry.name());
                if (job != null && StorageRoot.parse(job.checkpointRoot()).equals(root)) {
                    scanJob(storage, root, entry.name(), job, orphans);
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
        Set<String> owned = catalog.savepointPaths();
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

    private void scanJob(
            CheckpointStorage storage,
            StorageRoot root,
            String jobId,
            CatalogReferences.KnownJob job,
            List<Orphan> orphans) {
        Map<Long, CheckpointStatus> statuses = job.checkpointStatuses();
        for (StoredEntry entry : storage.list(jobId)) {
            OptionalLong checkpointId = CheckpointLayout.checkpointId(entry.name());
            if (entry.directory() && CheckpointLayout.isTaskOwnedDirectory(entry.name())) {
                continue;
            }
            if (entry.directory() && CheckpointLayout.isSharedDirectory(entry.name())) {
                scanShared(storage, root, jobId, job.sharedKeys(), orphans);
            } else if (entry.directory() && checkpointId.isPresent()) {
                CheckpointStatus status = statuses.get(checkpointId.getAsLong());
                if (status == null || !JpaCatalogReferences.FILES_EXPECTED.contains(status)) {
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

    private void scanShared(
            CheckpointStorage storage, StorageRoot root, String jobId, Set<String> referenced, List<Orphan> orphans) {
        String shared = CheckpointLayout.sharedDirectory(jobId);
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
