package io.cairn.retention;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.SharedStateEntry;
import io.cairn.catalog.SharedStateRepository;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import org.springframework.stereotype.Component;

/** {@link CatalogReferences} read from the catalog, a job's checkpoints and shared state only when asked. */
@Component
class JpaCatalogReferences implements CatalogReferences {

    /** Statuses whose files should exist. */
    static final Set<CheckpointStatus> FILES_EXPECTED = Set.of(
            CheckpointStatus.PENDING,
            CheckpointStatus.COMPLETED,
            CheckpointStatus.RETAINED,
            CheckpointStatus.DISCARDING);

    private final JobRepository jobs;
    private final CheckpointRepository checkpoints;
    private final SharedStateRepository sharedState;

    JpaCatalogReferences(JobRepository jobs, CheckpointRepository checkpoints, SharedStateRepository sharedState) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.sharedState = sharedState;
    }

    @Override
    public Map<String, KnownJob> jobs() {
        Map<String, KnownJob> known = new HashMap<>();
        for (Job job : jobs.findAll()) {
            known.put(job.getJobId(), new Lazy(job.getId(), job.getCheckpointRoot()));
        }
        return known;
    }

    @Override
    public Set<String> savepointPaths() {
        Set<String> paths = new HashSet<>();
        checkpoints
                .findByKindAndStatusIn(CheckpointKind.SAVEPOINT, FILES_EXPECTED)
                .forEach(savepoint -> paths.add(savepoint.getExternalPath()));
        return paths;
    }

    private final class Lazy implements KnownJob {

        private final long jobPk;
        private final String checkpointRoot;

        Lazy(long jobPk, String checkpointRoot) {
            this.jobPk = jobPk;
            this.checkpointRoot = checkpointRoot;
        }

        @Override
        public String checkpointRoot() {
            return checkpointRoot;
        }

        @Override
        public Map<Long, CheckpointStatus> checkpointStatuses() {
            Map<Long, CheckpointStatus> statuses = new HashMap<>();
            checkpoints.findByJobPk(jobPk).forEach(c -> statuses.put(c.getCheckpointId(), c.getStatus()));
            return statuses;
        }

        @Override
        public Set<String> sharedKeys() {
            Set<String> keys = new HashSet<>();
            sharedState
                    .findByJobPkAndStatusIn(
                            jobPk, List.of(SharedStateEntry.Status.LIVE, SharedStateEntry.Status.DISCARDING))
                    .forEach(entry -> keys.add(entry.getStateKey()));
            return keys;
        }
    }
}
