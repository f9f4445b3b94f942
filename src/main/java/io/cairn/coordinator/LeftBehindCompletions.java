package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.cluster.JobOwnership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checkpoints ended here whose end the catalog did not record (it failed, or this replica's lease
 * went unconfirmed for a moment): completions that published {@code _metadata} but could not
 * commit, with the older checkpoints they had ended, and failures whose write was refused. The
 * catalog shows them PENDING until they are settled, so they count against the job's
 * max-concurrent meanwhile. Every second, while this replica may write for the job, they are
 * settled as a start would settle them: one with a published {@code _metadata} COMPLETED, the
 * others failed. Another replica that takes the job settles them too.
 */
@Component
class LeftBehindCompletions {

    private static final Logger log = LoggerFactory.getLogger(LeftBehindCompletions.class);

    private final Map<JobCheckpoints, List<Long>> byJob = new ConcurrentHashMap<>();
    private final CheckpointRecovery recovery;
    private final JobOwnership ownership;

    LeftBehindCompletions(CheckpointRecovery recovery, JobOwnership ownership) {
        this.recovery = recovery;
        this.ownership = ownership;
    }

    void add(JobCheckpoints job, List<Long> checkpointIds) {
        job.leftBehind(checkpointIds);
        byJob.merge(job, List.copyOf(checkpointIds), (older, newer) -> {
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
        for (Map.Entry<JobCheckpoints, List<Long>> entry : byJob.entrySet()) {
            JobCheckpoints job = entry.getKey();
            try {
                if (ownership.owns(job.jobPk) && recovery.settleLeftBehind(job.jobPk, entry.getValue())) {
                    job.settled(entry.getValue());
                    byJob.remove(job, entry.getValue());
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Checkpoints {} of job {} are still PENDING, settled on the next try: {}",
                        entry.getValue(),
                        job.jobId,
                        e.getMessage());
            }
        }
    }
}
