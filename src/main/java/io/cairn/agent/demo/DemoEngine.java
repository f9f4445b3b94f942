package io.cairn.agent.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cairn.agent.sdk.CheckpointAgent;
import org.apache.hadoop.conf.Configuration;

/**
 * The demo job running in-process: source subtasks emit numbered events with keys, a simulated
 * network hands each to the count subtask that owns its key group, and count subtasks process
 * their input buffers. Every subtask has its own {@link CheckpointAgent} on a loopback port.
 */
public final class DemoEngine implements AutoCloseable {

    public static final String SOURCE = "source";
    public static final String COUNT = "count";
    private static final int KEYS = 500;

    private final List<SourceTask> sources = new ArrayList<>();
    private final List<KeyedCountTask> counters = new ArrayList<>();
    private final List<CheckpointAgent> agents = new ArrayList<>();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "demo-engine");
        thread.setDaemon(true);
        return thread;
    });

    private DemoEngine(int sourceParallelism, int countParallelism) {
        for (int i = 0; i < sourceParallelism; i++) {
            sources.add(new SourceTask());
        }
        for (int i = 0; i < countParallelism; i++) {
            counters.add(new KeyedCountTask(i, countParallelism));
        }
    }

    /**
     * Starts the subtasks and their agents, registered with Cairn for {@code jobId}.
     *
     * @param agentSecret the job's agent secret, as its registration returned it
     * @param eventsPerSecond emitted across all sources; 0 emits nothing until {@link #emit} is called
     */
    public static DemoEngine start(
            String cairnUrl,
            String jobId,
            String agentSecret,
            int sourceParallelism,
            int countParallelism,
            int eventsPerSecond,
            Configuration hadoopConf)
            throws IOException {
        DemoEngine engine = new DemoEngine(sourceParallelism, countParallelism);
        try {
            for (int i = 0; i < sourceParallelism; i++) {
                SourceTask source = engine.sources.get(i);
                engine.agents.add(CheckpointAgent.builder(cairnUrl, jobId, SOURCE, i)
                        .agentSecret(agentSecret)
                        .hadoopConfiguration(hadoopConf)
                        .snapshotTaker(source)
                        .restoreHandler(source)
                        .start());
            }
            for (int i = 0; i < countParallelism; i++) {
                KeyedCountTask counter = engine.counters.get(i);
                engine.agents.add(CheckpointAgent.builder(cairnUrl, jobId, COUNT, i)
                        .agentSecret(agentSecret)
                        .hadoopConfiguration(hadoopConf)
                        .snapshotTaker(counter)
                        .restoreHandler(counter)
                        .checkpointListener(counter)
                        .start());
            }
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        if (eventsPerSecond > 0) {
            int perTick = Math.max(1, eventsPerSecond / 100 / sourceParallelism);
            engine.threads.scheduleAtFixedRate(() -> engine.emit(perTick), 10, 10, TimeUnit.MILLISECONDS);
        }
        engine.threads.scheduleWithFixedDelay(engine::processAll, 5, 5, TimeUnit.MILLISECONDS);
        return engine;
    }

    /** Each source emits this many events now. */
    public void emit(int perSource) {
        for (SourceTask source : sources) {
            for (int i = 0; i < perSource; i++) {
                long n = source.next();
                String key = "key-" + Math.floorMod(n * 7919, KEYS);
                owner(key).receive(key, n);
            }
        }
    }

    /** The summed counts of every count subtask, by key. */
    public Map<String, Long> counts() {
        Map<String, Long> all = new TreeMap<>();
        counters.forEach(counter -> counter.counts().forEach((key, value) -> all.merge(key, value, Long::sum)));
        return all;
    }

    public KeyedCountTask counter(int subtask) {
        return counters.get(subtask);
    }

    public SourceTask source(int subtask) {
        return sources.get(subtask);
    }

    /** Holds (or releases) records in the count subtasks' input buffers. */
    public void processing(boolean on) {
        counters.forEach(counter -> counter.processing(on));
    }

    private void processAll() {
        for (KeyedCountTask counter : counters) {
            for (int i = 0; i < 1_000 && counter.processOne(); i++) {
                // Drain a bounded batch per tick so one busy subtask does not starve the others.
            }
        }
    }

    private KeyedCountTask owner(String key) {
        int keyGroup = KeyGroups.of(key);
        for (int i = 0; i < counters.size(); i++) {
            if (KeyGroups.owns(i, counters.size(), keyGroup)) {
                return counters.get(i);
            }
        }
        throw new IllegalStateException("no subtask owns key group " + keyGroup);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        agents.forEach(CheckpointAgent::close);
    }
}
