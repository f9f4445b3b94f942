package io.cairn.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import io.cairn.catalog.AckStats;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointCounts;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.RestoreRepository;
import io.cairn.catalog.TaskSnapshot;
import io.cairn.common.Page;
import io.cairn.job.Job;
import io.cairn.job.JobFinder;
import io.cairn.job.JobTask;
import io.cairn.protocol.Alignment;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers questions about a job's checkpoints: history, one checkpoint in detail, the latest, statistics. */
@Service
@Transactional(readOnly = true)
class CheckpointHistory {

    private static final List<CheckpointStatus> RESTORABLE =
            List.of(CheckpointStatus.COMPLETED, CheckpointStatus.RETAINED);

    private final JobFinder finder;
    private final CheckpointRepository checkpoints;
    private final AckStats ackStats;
    private final RestoreRepository restores;
    private final JobCheckpointsRegistry registry;

    CheckpointHistory(
            JobFinder finder,
            CheckpointRepository checkpoints,
            AckStats ackStats,
            RestoreRepository restores,
            JobCheckpointsRegistry registry) {
        this.finder = finder;
        this.checkpoints = checkpoints;
        this.ackStats = ackStats;
        this.restores = restores;
        this.registry = registry;
    }

    Page<CheckpointView> list(String jobId, CheckpointStatus status, Pageable pageable) {
        Job job = finder.require(jobId);
        var page = status == null
                ? checkpoints.findByJobPkOrderByCheckpointIdDesc(job.getId(), pageable)
                : checkpoints.findByJobPkAndStatusOrderByCheckpointIdDesc(job.getId(), status, pageable);
        JobCheckpoints live = registry.of(job);
        return Page.from(page, checkpoint -> CheckpointView.from(checkpoint, null, acknowledged(live, checkpoint)));
    }

    /** Acks of a checkpoint: counted live while it is pending, as recorded once it ended. */
    private static int acknowledged(JobCheckpoints live, Checkpoint checkpoint) {
        if (checkpoint.getStatus() != CheckpointStatus.PENDING) {
            return checkpoint.getNumAcknowledged();
        }
        synchronized (live) {
            PendingCheckpoint pending = live.pending(checkpoint.getCheckpointId());
            return pending == null ? checkpoint.getNumAcknowledged() : pending.numAcknowledged();
        }
    }

    CheckpointView one(String jobId, long checkpointId) {
        Job job = finder.require(jobId);
        Checkpoint checkpoint = checkpoints
                .findByJobPkAndCheckpointId(job.getId(), checkpointId)
                .orElseThrow(() -> new CheckpointNotFound(jobId, checkpointId));
        List<CheckpointView.TaskStats> tasks = taskStats(job, checkpoint);
        return CheckpointView.from(
                checkpoint,
                tasks,
                tasks.stream()
                        .mapToInt(CheckpointView.TaskStats::numAcknowledged)
                        .sum());
    }

    CheckpointView latest(String jobId) {
        Job job = finder.require(jobId);
        Checkpoint checkpoint = checkpoints
                .findFirstByJobPkAndKindAndStatusInOrderByCheckpointIdDesc(
                        job.getId(), CheckpointKind.CHECKPOINT, RESTORABLE)
                .orElseThrow(() -> new CheckpointNotFound(jobId));
        return CheckpointView.from(checkpoint, taskStats(job, checkpoint));
    }

    CheckpointStatsView stats(String jobId) {
        Job job = finder.require(jobId);
        long jobPk = job.getId();
        // All from the catalog, so triggered = completed + failed + in progress at every moment.
        CheckpointCounts catalogCounts = checkpoints.countsOf(jobPk);
        var counts = new CheckpointStatsView.Counts(
                catalogCounts.triggered(),
                (int) catalogCounts.inProgress(),
                catalogCounts.completed(),
                catalogCounts.failed(),
                restores.countByJobPk(jobPk));
        var latest = new CheckpointStatsView.Latest(
                checkpoints
                        .findFirstByJobPkAndKindAndStatusInOrderByCheckpointIdDesc(
                                jobPk, CheckpointKind.CHECKPOINT, RESTORABLE)
                        .map(checkpoint -> CheckpointView.from(checkpoint, null))
                        .orElse(null),
                checkpoints
                        .findFirstByJobPkAndKindAndStatusInOrderByCheckpointIdDesc(
                                jobPk, CheckpointKind.SAVEPOINT, RESTORABLE)
                        .map(checkpoint -> CheckpointView.from(checkpoint, null))
                        .orElse(null),
                checkpoints
                        .findFirstByJobPkAndFailedAtIsNotNullOrderByCheckpointIdDesc(jobPk)
                        .map(checkpoint -> CheckpointView.from(checkpoint, null))
                        .orElse(null),
                restores.findFirstByJobPkOrderByRequestedAtDesc(jobPk)
                        .map(restore -> new CheckpointStatsView.RestoredView(
                                restore.getRestoredCheckpointId(),
                                restore.getMetadataPath(),
                                restore.getStatus().name(),
                                restore.getRequestedAt()))
                        .orElse(null));
        List<Checkpoint> recent = checkpoints.findTop1000ByJobPkAndCompletedAtIsNotNullOrderByCheckpointIdDesc(jobPk);
        var summary = new CheckpointStatsView.Summary(
                recent.size(),
                figures(recent, checkpoint -> checkpoint.getDurationMs() == null ? 0 : checkpoint.getDurationMs()),
                figures(recent, Checkpoint::getStateSize),
                figures(recent, Checkpoint::getCheckpointedSize),
                figures(recent, Checkpoint::getInFlightBytes));
        return new CheckpointStatsView(counts, latest, summary);
    }

    private static CheckpointStatsView.Figures figures(List<Checkpoint> recent, ToLongFunction<Checkpoint> value) {
        return CheckpointStatsView.Figures.of(
                recent.stream().mapToLong(value).sorted().toArray());
    }

    /** Per-task statistics: from the catalog once complete, from the coordinator's memory while pending. */
    private List<CheckpointView.TaskStats> taskStats(Job job, Checkpoint checkpoint) {
        List<CheckpointView.SubtaskStats> subtasks = new ArrayList<>();
        List<String> taskOf = new ArrayList<>();
        if (checkpoint.getStatus() == CheckpointStatus.PENDING) {
            PendingCheckpoint pending = registry.of(job).pending(checkpoint.getCheckpointId());
            if (pending != null) {
                for (PendingCheckpoint.ReceivedAck received : pendingAcks(registry.of(job), pending)) {
                    var ack = received.ack();
                    taskOf.add(ack.taskId());
                    subtasks.add(new CheckpointView.SubtaskStats(
                            ack.subtask(),
                            received.at(),
                            Duration.between(checkpoint.getTriggeredAt(), received.at())
                                    .toMillis(),
                            ack.stateSize(),
                            ack.checkpointedSize(),
                            ack.syncMs(),
                            ack.asyncMs(),
                            ack.alignmentMs(),
                            ack.startDelayMs(),
                            ack.inFlightBytes(),
                            ack.alignmentUsed() == Alignment.UNALIGNED,
                            ack.watermark()));
                }
            }
        } else {
            for (TaskSnapshot.Stats stats : ackStats.of(checkpoint.getId())) {
                taskOf.add(stats.taskId());
                subtasks.add(new CheckpointView.SubtaskStats(
                        stats.subtask(),
                        stats.acknowledgedAt(),
                        Duration.between(checkpoint.getTriggeredAt(), stats.acknowledgedAt())
                                .toMillis(),
                        stats.stateSize(),
                        stats.checkpointedSize(),
                        stats.syncMs(),
                        stats.asyncMs(),
                        stats.alignmentMs(),
                        stats.startDelayMs(),
                        stats.inFlightBytes(),
                        stats.unaligned(),
                        stats.watermark()));
            }
        }
        List<CheckpointView.TaskStats> tasks = new ArrayList<>();
        for (JobTask task : job.getTasks()) {
            List<CheckpointView.SubtaskStats> own = new ArrayList<>();
            for (int i = 0; i < subtasks.size(); i++) {
                if (taskOf.get(i).equals(task.taskId())) {
                    own.add(subtasks.get(i));
                }
            }
            own.sort(Comparator.comparingInt(CheckpointView.SubtaskStats::subtask));
            tasks.add(new CheckpointView.TaskStats(
                    task.taskId(),
                    task.parallelism(),
                    own.size(),
                    own.stream()
                            .mapToLong(CheckpointView.SubtaskStats::stateSize)
                            .sum(),
                    own.stream()
                            .mapToLong(CheckpointView.SubtaskStats::checkpointedSize)
                            .sum(),
                    own.stream()
                            .mapToLong(CheckpointView.SubtaskStats::inFlightBytes)
                            .sum(),
                    own.stream()
                            .mapToLong(CheckpointView.SubtaskStats::endToEndDurationMs)
                            .boxed()
                            .max(Long::compare)
                            .orElse(null),
                    own));
        }
        return tasks;
    }

    private static List<PendingCheckpoint.ReceivedAck> pendingAcks(JobCheckpoints job, PendingCheckpoint pending) {
        synchronized (job) {
            return new ArrayList<>(pending.acks());
        }
    }
}
