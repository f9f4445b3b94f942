package io.cairn.coordinator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.springframework.stereotype.Component;

/** The checkpoint storage of a job, by the root it was registered with (remembered: it never changes). */
@Component
class StorageLookup {

    private final CheckpointStorages storages;
    private final JobRepository jobs;
    private final Map<Long, StorageRoot> roots = new ConcurrentHashMap<>();

    StorageLookup(CheckpointStorages storages, JobRepository jobs) {
        this.storages = storages;
        this.jobs = jobs;
    }

    CheckpointStorage of(Job job) {
        roots.putIfAbsent(job.getId(), StorageRoot.parse(job.getCheckpointRoot()));
        return of(job.getId());
    }

    /** The storage under the savepoint root, where every savepoint goes. */
    CheckpointStorage savepoints() {
        return storages.savepointStorage();
    }

    StorageRoot savepointRoot() {
        return storages.savepointRoot();
    }

    CheckpointStorage of(long jobPk) {
        StorageRoot root = roots.computeIfAbsent(
                jobPk,
                pk -> StorageRoot.parse(jobs.findById(pk)
                        .orElseThrow(() -> new IllegalStateException("job " + pk + " vanished"))
                        .getCheckpointRoot()));
        return storages.forRoot(root);
    }
}
