package io.cairn.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongBinaryOperator;

/**
 * When each job's next periodic checkpoint is due: a pure function of the time it is given, the
 * jobs' intervals and min pauses, and what happened to earlier attempts. A job's first checkpoint
 * comes at a random point in [minPause, interval] after the schedule first sees it (jobs
 * registered together do not checkpoint in lockstep), then one per interval after each trigger;
 * a trigger refused for now stays due, and a changed interval starts over.
 */
final class PeriodicSchedule {

    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private final LongBinaryOperator jitter;

    /** @param jitter a value in [min, max] (inclusive) for the first delay, in milliseconds */
    PeriodicSchedule(LongBinaryOperator jitter) {
        this.jitter = jitter;
    }

    /**
     * The jobs due at {@code now}; forgets jobs no longer given (ended, or periodic checkpoints off).
     *
     * @param periodic job id to its interval and min pause, for every job with periodic checkpoints
     */
    List<String> dueAt(Instant now, Map<String, Periodic> periodic) {
        due.keySet().retainAll(periodic.keySet());
        List<String> dueNow = new ArrayList<>();
        periodic.forEach((jobId, settings) -> {
            Due next = due.compute(
                    jobId,
                    (id, current) -> current == null || !current.interval().equals(settings.interval())
                            ? first(now, settings)
                            : current);
            if (!now.isBefore(next.at())) {
                dueNow.add(jobId);
            }
        });
        return dueNow;
    }

    /** A checkpoint was triggered (or failed for good): the next is one interval later. */
    void attempted(String jobId, Instant now, Duration interval) {
        due.put(jobId, new Due(now.plus(interval), interval));
    }

    private Due first(Instant now, Periodic settings) {
        long min = settings.minPause().toMillis();
        long max = Math.max(min, settings.interval().toMillis());
        long delay = min == max ? min : jitter.applyAsLong(min, max);
        return new Due(now.plus(Duration.ofMillis(delay)), settings.interval());
    }

    /** A job's periodic checkpointing: its interval and the pause to keep after a completion. */
    record Periodic(Duration interval, Duration minPause) {}

    private record Due(Instant at, Duration interval) {}
}
