package io.cairn.flink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.cairn.catalog.FlinkJobEntry.Policy;

/**
 * What a Flink job's retention policy deletes, as a pure function of its retained snapshots and the
 * time: checkpoints beyond the newest {@code numRetainedCheckpoints}; savepoints beyond
 * {@code savepointMaxCount} or older than {@code savepointMaxAge}, never the newest one.
 */
final class FlinkRetentionRules {

    /** A retained checkpoint or savepoint, as retention sees it. */
    record Retained(long checkpointId, boolean savepoint, Instant completedAt) {}

    private FlinkRetentionRules() {}

    static List<Long> toDelete(List<Retained> retained, Policy policy, Instant now) {
        List<Long> delete = new ArrayList<>();
        List<Retained> checkpoints = newestFirst(retained, false);
        if (policy.numRetainedCheckpoints() != null) {
            checkpoints.stream()
                    .skip(policy.numRetainedCheckpoints())
                    .forEach(checkpoint -> delete.add(checkpoint.checkpointId()));
        }
        List<Retained> savepoints = newestFirst(retained, true);
        for (int i = 1; i < savepoints.size(); i++) { // the newest savepoint is always kept
            Retained savepoint = savepoints.get(i);
            boolean tooMany = policy.savepointMaxCount() != null && i >= policy.savepointMaxCount();
            boolean tooOld = policy.savepointMaxAge() != null && olderThan(savepoint, policy.savepointMaxAge(), now);
            if (tooMany || tooOld) {
                delete.add(savepoint.checkpointId());
            }
        }
        return delete;
    }

    private static List<Retained> newestFirst(List<Retained> retained, boolean savepoints) {
        return retained.stream()
                .filter(snapshot -> snapshot.savepoint() == savepoints)
                .sorted(Comparator.comparingLong(Retained::checkpointId).reversed())
                .toList();
    }

    private static boolean olderThan(Retained snapshot, Duration age, Instant now) {
        return snapshot.completedAt() != null && snapshot.completedAt().isBefore(now.minus(age));
    }
}
