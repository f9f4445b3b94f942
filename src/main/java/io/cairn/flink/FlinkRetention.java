package io.cairn.flink;

import java.time.Clock;
import java.util.List;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkJobEntry;
import io.cairn.catalog.FlinkJobEntry.Policy;
import io.cairn.common.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a Flink job's retention policy: what {@link FlinkRetentionRules} names goes through the
 * same reference-aware deletion a user's DELETE takes, so a refusal there (the newest checkpoint,
 * an unreadable {@code _metadata}) keeps the snapshot here too.
 */
@Component
class FlinkRetention {

    private static final Logger log = LoggerFactory.getLogger(FlinkRetention.class);

    private final FlinkCatalog catalog;
    private final FlinkCheckpointDeletion deletion;
    private final Clock clock;

    FlinkRetention(FlinkCatalog catalog, FlinkCheckpointDeletion deletion, Clock clock) {
        this.catalog = catalog;
        this.deletion = deletion;
        this.clock = clock;
    }

    /** Deletes what the policy lets go. */
    void apply(FlinkJobEntry job) {
        Policy policy = job.getPolicy();
        if (policy.numRetainedCheckpoints() == null
                && policy.savepointMaxCount() == null
                && policy.savepointMaxAge() == null) {
            return; // no retention asked for: nothing to read
        }
        List<FlinkRetentionRules.Retained> retained = catalog.retained(job).stream()
                .map(entry -> new FlinkRetentionRules.Retained(
                        entry.getCheckpointId(),
                        entry.getKind() == FlinkCheckpointEntry.Kind.SAVEPOINT,
                        entry.getFigures().completedAt()))
                .toList();
        FlinkRetentionRules.toDelete(retained, policy, clock.instant())
                .forEach(checkpointId -> delete(job, checkpointId));
    }

    private void delete(FlinkJobEntry job, long checkpointId) {
        try {
            deletion.delete(job.getFlinkJobId(), checkpointId, false);
        } catch (DomainException e) {
            log.info(
                    "Retention keeps Flink snapshot {} of job {}: {}",
                    checkpointId,
                    job.getFlinkJobId(),
                    e.getMessage());
        }
    }
}
