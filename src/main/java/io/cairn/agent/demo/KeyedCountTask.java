package io.cairn.agent.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.agent.demo.CountState.Event;
import io.cairn.agent.sdk.CheckpointListener;
import io.cairn.agent.sdk.RestoreContext;
import io.cairn.agent.sdk.RestoreHandler;
import io.cairn.agent.sdk.SnapshotContext;
import io.cairn.agent.sdk.SnapshotTaker;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.StateHandleRef;

/**
 * One subtask of a keyed running count. Events arrive in an input buffer and are counted when
 * processed. An aligned snapshot first processes what is buffered (the barrier waits behind it);
 * an unaligned one overtakes the buffer and stores it as in-flight records. State is written per
 * chunk of key groups to {@code shared/}; a chunk unchanged since a completed checkpoint is
 * referenced again instead of rewritten.
 */
public final class KeyedCountTask implements SnapshotTaker, RestoreHandler, CheckpointListener {

    private final int subtask;
    private final int parallelism;
    private final Map<String, Long> counts = new HashMap<>();
    private final Deque<Event> input = new ArrayDeque<>();
    private final Map<Integer, Long> chunkVersions = new HashMap<>();
    private final Map<Integer, Written> confirmed = new HashMap<>();
    private final Map<Long, Map<Integer, Written>> unconfirmed = new HashMap<>();
    private final List<Long> emittedWatermarks = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;
    private long lastConfirmed;
    private boolean processing = true;

    public KeyedCountTask(int subtask, int parallelism) {
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    /** An event from the network; it waits in the input buffer until processed. */
    public synchronized void receive(String key, long timestamp) {
        input.addLast(new Event(key, timestamp));
    }

    /** Counts the oldest buffered event; false when there was none (or processing is paused). */
    public synchronized boolean processOne() {
        if (!processing || input.isEmpty()) {
            return false;
        }
        count(input.pollFirst());
        return true;
    }

    /** Stops or resumes processing, so a test can hold records in the buffer. */
    public synchronized void processing(boolean on) {
        this.processing = on;
    }

    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    public synchronized int buffered() {
        return input.size();
    }

    /** Watermarks emitted downstream; a restore emits the restored one first. */
    public synchronized List<Long> emittedWatermarks() {
        return List.copyOf(emittedWatermarks);
    }

    /** The newest checkpoint whose completion this subtask has heard of; its files may be reused. */
    public synchronized long lastConfirmedCheckpoint() {
        return lastConfirmed;
    }

    boolean ownsKey(String key) {
        return KeyGroups.owns(subtask, parallelism, KeyGroups.of(key));
    }

    @Override
    public void snapshot(SnapshotContext context) {
        long alignStart = System.nanoTime();
        Map<Integer, Map<String, Long>> chunks = new TreeMap<>();
        Map<Integer, Long> versions;
        List<Event> inFlight;
        long currentWatermark;
        synchronized (this) {
            if (context.requestedAlignment() == Alignment.ALIGNED) {
                // The barrier queues behind the buffered records: they are processed before the snapshot.
                while (!input.isEmpty()) {
                    count(input.pollFirst());
                }
                inFlight = List.of();
            } else {
                inFlight = new ArrayList<>(input);
            }
            counts.forEach((key, value) -> chunks.computeIfAbsent(
                            KeyGroups.chunkOf(KeyGroups.of(key)), chunk -> new HashMap<>())
                    .put(key, value));
            versions = new HashMap<>(chunkVersions);
            currentWatermark = watermark;
        }
        context.alignment(Duration.ofNanos(System.nanoTime() - alignStart), false);
        context.syncPhaseDone();
        Map<Integer, Written> written = new HashMap<>();
        chunks.forEach((chunk, entries) -> {
            long version = versions.getOrDefault(chunk, 0L);
            Written previous = confirmedChunk(chunk);
            if (previous != null && previous.version() == version && !context.fullSnapshotRequired()) {
                context.reuseSharedState(previous.handle());
                written.put(chunk, previous);
            } else {
                StateHandleRef handle = context.writeSharedState(
                        "chunk-" + chunk + "-" + context.checkpointId(), CountState.write(entries));
                written.put(chunk, new Written(handle, version));
            }
        });
        if (!inFlight.isEmpty()) {
            context.writeInFlight("input-buffer", CountState.writeRecords(inFlight));
        }
        if (currentWatermark != Long.MIN_VALUE) {
            context.watermark(currentWatermark);
        }
        if (!context.isSavepoint()) {
            // A savepoint's files are the user's: later checkpoints never build on them.
            synchronized (this) {
                unconfirmed.put(context.checkpointId(), written);
            }
        }
    }

    @Override
    public synchronized void completed(long checkpointId) {
        Map<Integer, Written> written = unconfirmed.remove(checkpointId);
        if (written != null) {
            confirmed.clear();
            confirmed.putAll(written);
            lastConfirmed = checkpointId;
        }
        unconfirmed.keySet().removeIf(id -> id < checkpointId);
    }

    @Override
    public synchronized void aborted(long checkpointId) {
        unconfirmed.remove(checkpointId);
    }

    /** Loads the counts of the key groups this subtask owns and puts in-flight records back in the buffer. */
    @Override
    public void restore(RestoreContext context) {
        Map<String, Long> restored = new HashMap<>();
        List<Event> replay = new ArrayList<>();
        for (StateHandleRef handle : context.handles()) {
            if (handle.inFlight()) {
                CountState.readRecords(context.read(handle)).stream()
                        .filter(event -> ownsKey(event.key()))
                        .forEach(replay::add);
            } else {
                CountState.read(context.read(handle)).forEach((key, value) -> {
                    if (ownsKey(key)) {
                        restored.put(key, value);
                    }
                });
            }
        }
        synchronized (this) {
            counts.clear();
            counts.putAll(restored);
            chunkVersions.clear();
            confirmed.clear();
            unconfirmed.clear();
            input.clear();
            if (context.watermark() != null) {
                // Downstream must see the restored watermark before any replayed record.
                watermark = context.watermark();
                emittedWatermarks.add(watermark);
            }
            replay.forEach(input::addLast);
        }
    }

    private Written confirmedChunk(int chunk) {
        synchronized (this) {
            return confirmed.get(chunk);
        }
    }

    private void count(Event event) {
        counts.merge(event.key(), 1L, Long::sum);
        chunkVersions.merge(KeyGroups.chunkOf(KeyGroups.of(event.key())), 1L, Long::sum);
        if (event.timestamp() > watermark) {
            watermark = event.timestamp();
            emittedWatermarks.add(watermark);
            if (emittedWatermarks.size() > 1_000) {
                emittedWatermarks.subList(0, 500).clear();
            }
        }
    }

    /** A shared file written for a chunk at a version of its content. */
    private record Written(StateHandleRef handle, long version) {}
}
