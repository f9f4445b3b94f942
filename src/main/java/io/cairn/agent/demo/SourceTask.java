package io.cairn.agent.demo;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.agent.sdk.RestoreContext;
import io.cairn.agent.sdk.RestoreHandler;
import io.cairn.agent.sdk.SnapshotContext;
import io.cairn.agent.sdk.SnapshotTaker;

/** One subtask of the synthetic source: its state is how many events it has emitted (its offset). */
public final class SourceTask implements SnapshotTaker, RestoreHandler {

    private final AtomicLong offset = new AtomicLong();

    long next() {
        return offset.incrementAndGet();
    }

    public long offset() {
        return offset.get();
    }

    @Override
    public void snapshot(SnapshotContext context) {
        context.writeState(
                "offset", ByteBuffer.allocate(Long.BYTES).putLong(offset.get()).array());
    }

    @Override
    public void restore(RestoreContext context) {
        context.handles().stream()
                .filter(handle -> !handle.inFlight())
                .findFirst()
                .ifPresent(handle ->
                        offset.set(ByteBuffer.wrap(context.read(handle)).getLong()));
    }
}
