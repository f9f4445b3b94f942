package io.cairn.flink;

import java.time.Instant;
import java.util.List;

import io.cairn.catalog.FlinkCheckpointEntry;
import io.cairn.catalog.FlinkCheckpointEntry.Status;
import io.cairn.catalog.FlinkJobEntry;

/**
 * An adopted Flink job and what its directory held at the last look.
 *
 * @param retained checkpoints whose {@code _metadata} was read and that are still on storage
 * @param unreadable checkpoints whose {@code _metadata} could not be read: kept, never deleted
 */
record FlinkJobView(
        String flinkJobId,
        String name,
        String checkpointDirectory,
        String restUrl,
        Instant adoptedAt,
        Instant scannedAt,
        int retained,
        int unreadable,
        Long newestRetained,
        FlinkPolicyRequest policy,
        Instant lastScheduledSavepointAt) {

    static FlinkJobView from(FlinkJobEntry job, List<FlinkCheckpointEntry> checkpoints) {
        return new FlinkJobView(
                job.getFlinkJobId(),
                job.getName(),
                job.getCheckpointDirectory(),
                job.getRestUrl(),
                job.getAdoptedAt(),
                job.getScannedAt(),
                (int) checkpoints.stream()
                        .filter(c -> c.getStatus() == Status.RETAINED)
                        .count(),
                (int) checkpoints.stream()
                        .filter(c -> c.getStatus() == Status.UNREADABLE)
                        .count(),
                checkpoints.stream()
                        .filter(c -> c.getStatus() == Status.RETAINED)
                        .map(FlinkCheckpointEntry::getCheckpointId)
                        .max(Long::compare)
                        .orElse(null),
                policyOf(job.getPolicy()),
                job.getLastScheduledAt());
    }

    private static FlinkPolicyRequest policyOf(FlinkJobEntry.Policy policy) {
        return new FlinkPolicyRequest(
                policy.numRetainedCheckpoints(),
                policy.savepointMaxCount(),
                policy.savepointMaxAge(),
                policy.savepointInterval(),
                policy.savepointCron(),
                policy.savepointBlackouts() == null
                        ? List.of()
                        : List.of(policy.savepointBlackouts().split(",")),
                policy.savepointFormat() == null
                        ? null
                        : FlinkSavepointRequest.Format.valueOf(policy.savepointFormat()));
    }
}
