package io.cairn.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Items gathered for a moment, then handed over together on the given executor: one round of work
 * (one transaction) for everything that came in meanwhile instead of one each.
 */
final class Gathered<T> {

    private final Set<T> items = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean roundDue = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private final Duration gatherFor;
    private final Consumer<List<T>> round;

    Gathered(ScheduledExecutorService executor, Duration gatherFor, Consumer<List<T>> round) {
        this.executor = executor;
        this.gatherFor = gatherFor;
        this.round = round;
    }

    void add(T item) {
        items.add(item);
        if (roundDue.compareAndSet(false, true)) {
            executor.schedule(this::handOver, gatherFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void handOver() {
        // Cleared before the items are taken: one added from now on schedules the next round.
        roundDue.set(false);
        List<T> taken = new ArrayList<>();
        for (T item : items) {
            // Removed before the round, which therefore sees every item added so far.
            items.remove(item);
            taken.add(item);
        }
        if (!taken.isEmpty()) {
            round.accept(taken);
        }
    }
}
