package io.cairn.coordinator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cairn.job.AgentAddresses.AgentAddress;
import io.cairn.job.CheckpointingSettings;
import io.cairn.job.Job;
import io.cairn.job.JobNotRunning;
import io.cairn.job.JobTask;
import io.cairn.protocol.Alignment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The preconditions of a trigger (DESIGN section 3, step 1), checked in this order: the job runs,
 * no restore of it is running, fewer than max-concurrent are pending and no unaligned one runs alongside, min-pause has passed
 * since the last completion, and every subtask has a live agent.
 */
@Component
class TriggerGuard {

    private final TriggerFacts facts;
    private final Duration agentLiveness;
    private final Clock clock;

    @Autowired
    TriggerGuard(TriggerFacts facts, CoordinatorProperties properties, Clock clock) {
        this(facts, properties.agentLiveness(), clock);
    }

    /** @param agentLiveness an agent not seen for longer is missing */
    TriggerGuard(TriggerFacts facts, Duration agentLiveness, Clock clock) {
        this.facts = facts;
        this.agentLiveness = agentLiveness;
        this.clock = clock;
    }

    /**
     * @return the subtasks to trigger, or why not now
     * @throws JobNotRunning for an ended job: that is no "not now"
     */
    Precondition check(TriggerJobs.Read read, JobCheckpoints state, Alignment alignment) {
        Job job = read.job();
        if (!job.isRunning()) {
            throw new JobNotRunning(job.getJobId(), job.getState(), "checkpointed");
        }
        Optional<CheckpointRefused> restoring = restoreRunning(read);
        if (restoring.isPresent()) {
            return Precondition.refused(restoring.get());
        }
        CheckpointingSettings settings = job.getCheckpointing();
        int pending = state.inFlightCount();
        if (state.anyPendingUnaligned()) {
            return Precondition.refused(new CheckpointRefused.TooManyInFlight(
                    job.getJobId(),
                    "An unaligned checkpoint of job '" + job.getJobId() + "' is in flight and runs alone"));
        }
        if (alignment == Alignment.UNALIGNED && pending > 0) {
            return Precondition.refused(new CheckpointRefused.TooManyInFlight(
                    job.getJobId(),
                    "An unaligned checkpoint runs alone and " + pending + " checkpoint(s) of job '" + job.getJobId()
                            + "' are in flight"));
        }
        if (pending >= settings.maxConcurrent()) {
            return Precondition.refused(new CheckpointRefused.TooManyInFlight(
                    job.getJobId(),
                    pending + " checkpoint(s) of job '" + job.getJobId()
                            + "' are in flight, as many as maxConcurrent allows"));
        }
        Instant now = clock.instant();
        Instant last = state.lastCompletedAt();
        if (last != null && !settings.minPause().isZero()) {
            Duration since = Duration.between(last, now);
            if (since.compareTo(settings.minPause()) < 0) {
                return Precondition.refused(new CheckpointRefused.TooSoon(
                        job.getJobId(), settings.minPause(), settings.minPause().minus(since)));
            }
        }
        return liveAgents(job, now);
    }

    /**
     * A savepoint is always aligned and never runs beside an unaligned checkpoint; like Flink's it
     * is not held back by max-concurrent or min-pause, which pace periodic checkpoints.
     *
     * @return the subtasks to trigger, or why not now
     */
    Precondition checkSavepoint(TriggerJobs.Read read, JobCheckpoints state) {
        Job job = read.job();
        if (!job.isRunning()) {
            throw new JobNotRunning(job.getJobId(), job.getState(), "savepointed");
        }
        Optional<CheckpointRefused> restoring = restoreRunning(read);
        if (restoring.isPresent()) {
            return Precondition.refused(restoring.get());
        }
        if (state.anyPendingUnaligned()) {
            return Precondition.refused(new CheckpointRefused.TooManyInFlight(
                    job.getJobId(),
                    "An unaligned checkpoint of job '" + job.getJobId()
                            + "' is in flight; a savepoint is aligned and waits until it ends"));
        }
        return liveAgents(job, clock.instant());
    }

    private static Optional<CheckpointRefused> restoreRunning(TriggerJobs.Read read) {
        OptionalLong restore = read.runningRestore();
        return restore.isPresent()
                ? Optional.of(new CheckpointRefused.RestoreInProgress(read.job().getJobId(), restore.getAsLong()))
                : Optional.empty();
    }

    private Precondition liveAgents(Job job, Instant now) {
        Instant seenSince = now.minus(agentLiveness);
        Map<String, AgentAddress> live = new HashMap<>();
        for (AgentAddress agent : facts.agentsOf(job)) {
            if (!agent.lastSeenAt().isBefore(seenSince)) {
                live.put(ExpectedSubtask.key(agent.taskId(), agent.subtask()), agent);
            }
        }
        List<ExpectedSubtask> subtasks = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JobTask task : job.getTasks()) {
            for (int subtask = 0; subtask < task.parallelism(); subtask++) {
                AgentAddress agent = live.get(ExpectedSubtask.key(task.taskId(), subtask));
                if (agent == null) {
                    missing.add(ExpectedSubtask.key(task.taskId(), subtask));
                } else {
                    subtasks.add(new ExpectedSubtask(task.taskId(), subtask, agent.url(), agent.batched()));
                }
            }
        }
        if (!missing.isEmpty()) {
            return Precondition.refused(new CheckpointRefused.AgentsMissing(job.getJobId(), missing));
        }
        return Precondition.passed(subtasks);
    }
}
