package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.cluster.JobOwnership;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completions that published {@code _metadata} but could not commit (the catalog failed, or this
 * replica's lease went unconfirmed for a moment), with the older checkpoints they had ended. The
 * coordinator has moved on from them, so until they are settled the catalog would show them
 * PENDING beside the next checkpoints. Every second, while this replica may write for the job,
 * they are settled as a start would settle them: the published one COMPLETED from its
 * {@code _metadata}, the others failed. Another replica that takes the job settles them too.
 */
@Component
class LeftBehindCompletions {

    private final Map<Long, List<Long>> byJob = new ConcurrentHashMap<>();
    private final CheckpointRecovery recovery;
    private final JobOwnership ownership;

    LeftBehindCompletions(CheckpointRecovery recovery, JobOwnership ownership) {
        this.recovery = recovery;
        this.ownership = ownership;
    }

    void add(long jobPk, List<Long> checkpointIds) {
        byJob.merge(jobPk, List.copyOf(checkpointIds), (older, newer) -> {
            List<Long> both = new ArrayList<>(older);
            both.addAll(newer);
            return List.copyOf(both);
        });
    }

    @Scheduled(fixedDelay = 1000)
    void settleDue() {
        settle();
    }

    void settle() {
        for (Map.Entry<Long, List<Long>> job : byJob.entrySet()) {
            if (ownership.owns(job.getKey()) && recovery.settleLeftBehind(job.getKey(), job.getValue())) {
                byJob.remove(job.getKey(), job.getValue());
            }
        }
    }
}
