package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.cairn.agent.sdk.CheckpointAgent;
import io.cairn.agent.sdk.SnapshotContext;
import org.apache.hadoop.conf.Configuration;

/**
 * Real agents built on the SDK, each a real HTTP server on loopback, whose behaviour a test sets
 * per subtask: snapshot and ack, decline, hang until released, or die mid-checkpoint.
 */
public final class TestAgents implements AutoCloseable {

    /** What an agent does when triggered. */
    public enum Behaviour {
        ACK,
        DECLINE,
        HANG,
        DIE
    }

    private final String cairnUrl;
    private final String jobId;
    private final Configuration hadoopConf;
    private final Map<String, CheckpointAgent> agents = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Duration> alignment = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch restoresReleased = new CountDownLatch(1);
    private final java.util.Set<Long> aborted = ConcurrentHashMap.newKeySet();
    private volatile int stateBytes = 30 * 1024;

    private String agentSecret;

    public TestAgents(String cairnUrl, String jobId, Configuration hadoopConf) {
        this.cairnUrl = cairnUrl;
        this.jobId = jobId;
        this.hadoopConf = hadoopConf;
    }

    /** Agents that sign with this secret instead of rotating the job's secret for themselves. */
    public TestAgents withSecret(String secret) {
        this.agentSecret = secret;
        return this;
    }

    public TestAgents(String cairnUrl, String jobId) {
        this(cairnUrl, jobId, new Configuration());
    }

    /** Starts one agent per subtask of the given task. */
    public TestAgents start(String taskId, int parallelism) {
        if (agentSecret == null) {
            agentSecret = TestAuth.agentSecret(cairnUrl, jobId);
        }
        for (int subtask = 0; subtask < parallelism; subtask++) {
            String key = taskId + "/" + subtask;
            int index = subtask;
            try {
                agents.put(
                        key,
                        CheckpointAgent.builder(cairnUrl, jobId, taskId, subtask)
                                .agentSecret(agentSecret)
                                .hadoopConfiguration(hadoopConf)
                                .snapshotTaker(context -> snapshot(key, index, context))
                                .restoreHandler(context -> {
                                    if (!restoresReleased.await(5, TimeUnit.MINUTES)) {
                                        throw new IllegalStateException("restore never released");
                                    }
                                })
                                .checkpointListener(new io.cairn.agent.sdk.CheckpointListener() {
                                    @Override
                                    public void completed(long checkpointId) {}

                                    @Override
                                    public void aborted(long checkpointId) {
                                        aborted.add(checkpointId);
                                    }
                                })
                                .start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    public TestAgents behave(String key, Behaviour behaviour) {
        behaviours.put(key, behaviour);
        return this;
    }

    /** The subtask reports that aligning took this long and timed out, so it went unaligned. */
    public TestAgents alignmentTimesOut(String key, Duration took) {
        alignment.put(key, took);
        return this;
    }

    public TestAgents stateBytes(int bytes) {
        this.stateBytes = bytes;
        return this;
    }

    /** Lets restores finish: until then every restore command waits, as a slow state load would. */
    public void releaseRestores() {
        restoresReleased.countDown();
    }

    /** Lets every hanging snapshot finish. */
    public void releaseHanging() {
        release.countDown();
    }

    /** Checkpoints whose abort notice reached at least one agent. */
    public java.util.Set<Long> aborted() {
        return java.util.Set.copyOf(aborted);
    }

    public String url(String key) {
        return agents.get(key).url();
    }

    public void stop(String key) {
        CheckpointAgent agent = agents.remove(key);
        if (agent != null) {
            agent.close();
        }
    }

    private void snapshot(String key, int subtask, SnapshotContext context) throws Exception {
        switch (behaviours.getOrDefault(key, Behaviour.ACK)) {
            case DECLINE -> throw new IllegalStateException("state backend of " + key + " is unavailable");
            case HANG -> {
                if (!release.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never released");
                }
            }
            case DIE -> {
                stop(key);
                throw new IllegalStateException("dead");
            }
            case ACK -> {}
        }
        Duration aligned = alignment.get(key);
        if (aligned != null) {
            context.alignment(aligned, true);
        }
        context.watermark(1_000_000L + subtask);
        context.writeState("operator-state", ("small state of " + key).getBytes(StandardCharsets.UTF_8));
        context.syncPhaseDone();
        context.writeState("keyed-state", new byte[stateBytes]);
        context.writeSharedState("sst-" + context.checkpointId(), ("sst of " + key).getBytes(StandardCharsets.UTF_8));
        if (context.requestedAlignment() == io.cairn.protocol.Alignment.UNALIGNED || aligned != null) {
            context.writeInFlight("channel-0", ("buffered records of " + key).getBytes(StandardCharsets.UTF_8));
        }
    }

    public List<String> keys() {
        return new ArrayList<>(agents.keySet());
    }

    @Override
    public void close() {
        // Agents stop first: a hanging snapshot released afterwards finds its agent closed and stays silent.
        agents.values().forEach(CheckpointAgent::close);
        agents.clear();
        release.countDown();
        restoresReleased.countDown();
    }
}
