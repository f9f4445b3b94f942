package io.cairn.flink;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.cairn.catalog.FlinkJobEntry.Policy;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a Flink job's next scheduled savepoint is due: an interval after the last one, or the next
 * time a cron expression names (Spring's six-field form, UTC), but never inside a blackout window;
 * a savepoint due in a window waits for its end. A pure function of the policy and the time.
 */
final class SavepointSchedule {

    private final Duration interval;
    private final CronExpression cron;
    private final List<Window> blackouts;

    private SavepointSchedule(Duration interval, CronExpression cron, List<Window> blackouts) {
        this.interval = interval;
        this.cron = cron;
        this.blackouts = blackouts;
    }

    /**
     * The schedule a policy describes; null when it describes none.
     *
     * @throws IllegalArgumentException naming what is wrong with the cron expression or a window
     */
    static SavepointSchedule of(Policy policy) {
        if (policy.savepointInterval() == null && policy.savepointCron() == null) {
            return null;
        }
        CronExpression cron = policy.savepointCron() == null ? null : CronExpression.parse(policy.savepointCron());
        return new SavepointSchedule(policy.savepointInterval(), cron, windows(policy.savepointBlackouts()));
    }

    /** Whether a savepoint is due now, the last scheduled one having started at {@code last} (or the schedule at {@code since}). */
    boolean isDue(Instant last, Instant now) {
        Instant due = interval != null
                ? last.plus(interval)
                : cron.next(ZonedDateTime.ofInstant(last, ZoneOffset.UTC)).toInstant();
        return !now.isBefore(due) && !inBlackout(now);
    }

    boolean inBlackout(Instant now) {
        LocalTime time = LocalTime.ofInstant(now, ZoneOffset.UTC);
        return blackouts.stream().anyMatch(window -> window.contains(time));
    }

    /** A daily window in UTC; one whose end is before its start spans midnight. */
    record Window(LocalTime from, LocalTime to) {

        boolean contains(LocalTime time) {
            return from.isBefore(to)
                    ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }
    }

    /** Parses "HH:mm-HH:mm,HH:mm-HH:mm". */
    static List<Window> windows(String text) {
        List<Window> windows = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return windows;
        }
        for (String part : text.split(",")) {
            String[] ends = part.trim().split("-");
            try {
                if (ends.length != 2) {
                    throw new DateTimeParseException("not two times", part, 0);
                }
                Window window = new Window(LocalTime.parse(ends[0].trim()), LocalTime.parse(ends[1].trim()));
                if (window.from().equals(window.to())) {
                    throw new IllegalArgumentException("blackout window '" + part.trim() + "' is empty");
                }
                windows.add(window);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "blackout window '" + part.trim() + "' is not HH:mm-HH:mm (UTC), e.g. 22:00-02:00");
            }
        }
        return windows;
    }
}
