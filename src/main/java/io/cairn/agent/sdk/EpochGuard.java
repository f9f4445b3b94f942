package io.cairn.agent.sdk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the job's current coordinator: a command carrying a lower lease epoch than the highest
 * this agent has seen comes from a replica that lost the job, and is refused. Commands without an
 * epoch (Cairn before it, or a single replica) count as epoch 0.
 */
final class EpochGuard {

    private final AtomicLong highest = new AtomicLong();

    /** Whether a command with this epoch may be carried out; remembers the highest seen. */
    boolean admits(long epoch) {
        return highest.accumulateAndGet(epoch, Math::max) == epoch;
    }

    long highest() {
        return highest.get();
    }

    /** The 409 body refusing a command with this epoch. */
    String refusal(long epoch) {
        return "{\"error\":\"stale-epoch\",\"epoch\":" + epoch + ",\"highestSeen\":" + highest() + "}";
    }
}
