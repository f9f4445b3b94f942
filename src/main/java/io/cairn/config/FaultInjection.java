package io.cairn.config;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Crash points for the crash tests: with {@code cairn.fault-injection.halt-at} naming a point, the
 * process halts there as abruptly as {@code kill -9} (no shutdown hooks, nothing flushed). Unset,
 * as it always is outside those tests, every call is a no-op.
 */
@Component
public class FaultInjection {

    /** Points the coordinator and retention pass; each named for what has just happened. */
    public enum Point {
        AFTER_TRIGGER,
        BEFORE_METADATA,
        AFTER_METADATA,
        MID_DELETION
    }

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    private final Set<Point> haltAt;
    private final AtomicInteger passesLeft;

    /** @param skip how many times the point is passed before the halt, so earlier work completes first */
    FaultInjection(
            @Value("${cairn.fault-injection.halt-at:}") Set<Point> haltAt,
            @Value("${cairn.fault-injection.skip:0}") int skip) {
        this.haltAt = haltAt;
        this.passesLeft = new AtomicInteger(skip);
        if (!haltAt.isEmpty()) {
            log.warn("Fault injection armed: this process halts at {} after {} pass(es)", haltAt, skip);
        }
    }

    public void reached(Point point) {
        if (haltAt.contains(point) && passesLeft.getAndDecrement() <= 0) {
            log.warn("Fault injection: halting at {}", point);
            Runtime.getRuntime().halt(137);
        }
    }
}
