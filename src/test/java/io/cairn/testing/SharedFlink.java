package io.cairn.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.restassured.RestAssured;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import static org.awaitility.Awaitility.await;

/**
 * One real Apache Flink per test JVM: a MiniCluster (JobManager with Flink's own checkpoint
 * coordinator, one TaskManager, REST endpoint on loopback) that runs {@link CountingJob}s. Flink is a
 * test dependency only; Cairn's main code never sees it.
 */
public final class SharedFlink {

    public static final int SLOTS = 8;

    private static MiniCluster cluster;

    private SharedFlink() {}

    public static synchronized MiniCluster cluster() {
        if (cluster == null) {
            Configuration conf = new Configuration();
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
            // The JobManager's checkpoint store reads this from the cluster, not from the job.
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 10);
            // Flink's REST API answers checkpoint statistics from a cache (3 s by default): fresher for tests that
            // follow.
            conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
            MiniCluster started = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(conf)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(SLOTS)
                    .withRandomPorts()
                    .build());
            try {
                started.start();
            } catch (Exception e) {
                throw new IllegalStateException("Flink's MiniCluster did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is ending anyway
                }
            }));
            cluster = started;
        }
        return cluster;
    }

    /** Flink's REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public static URI restAddress() {
        try {
            return cluster().getRestAddress().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Packs the classes (with their nested classes) into a jar, uploads it through Flink's REST API
     * ({@code POST /jars/upload}) and returns its jar id.
     */
    public static String uploadJar(Class<?>... classes) throws IOException {
        // Not "cairn-*.jar": CairnProcess takes such a file in target/ (the temporary directory) for Cairn's own jar.
        Path jar = Files.createTempFile("flink-job-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                Path compiled = Path.of(
                        type.getProtectionDomain().getCodeSource().getLocation().getPath());
                String packagePath = type.getPackageName().replace('.', '/');
                try (Stream<Path> files = Files.list(compiled.resolve(packagePath))) {
                    for (Path file : files.filter(file -> {
                                String name = file.getFileName().toString();
                                return name.equals(type.getSimpleName() + ".class")
                                        || name.startsWith(type.getSimpleName() + "$");
                            })
                            .toList()) {
                        out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
        try {
            String filename = RestAssured.given()
                    .multiPart("jarfile", jar.toFile(), "application/x-java-archive")
                    .post(restAddress() + "/jars/upload")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("filename");
            return filename.substring(filename.lastIndexOf('/') + 1);
        } finally {
            Files.delete(jar);
        }
    }

    /** How a test job checkpoints. */
    public record Setup(
            String backend, boolean incremental, boolean unaligned, MemorySize inlineThreshold, Duration interval) {

        /** Checkpoints triggered by hand, one at a time: none is pending when the test looks. */
        private static final Duration BY_HAND = Duration.ofDays(1);

        public static Setup hashMap() {
            return new Setup("hashmap", false, false, MemorySize.ofMebiBytes(0), BY_HAND);
        }

        public Setup rocksDb(boolean incrementally) {
            return new Setup("rocksdb", incrementally, unaligned, inlineThreshold, interval);
        }

        public Setup unalignedCheckpoints() {
            return new Setup(backend, incremental, true, inlineThreshold, interval);
        }

        /** Flink's default: files under 20 KiB are kept inside {@code _metadata}. */
        public Setup defaultInlining() {
            return new Setup(
                    backend,
                    incremental,
                    unaligned,
                    CheckpointingOptions.FS_SMALL_FILE_THRESHOLD.defaultValue(),
                    interval);
        }

        /** Flink's own periodic checkpoints, as often as this. */
        public Setup checkpointingEvery(Duration every) {
            return new Setup(backend, incremental, unaligned, inlineThreshold, every);
        }

        Configuration configuration(URI checkpoints) {
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, backend);
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
            conf.set(CheckpointingOptions.ENABLE_UNALIGNED, unaligned);
            conf.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, Duration.ZERO);
            conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, inlineThreshold);
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toString());
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 10);
            conf.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            return conf;
        }
    }

    /** Starts a {@link CountingJob} that checkpoints into {@code checkpoints} and waits until all its tasks run. */
    public static JobID start(Setup setup, Path checkpoints, int parallelism) {
        return start(setup, checkpoints.toUri(), parallelism);
    }

    /** As {@link #start(Setup, Path, int)}, checkpointing into any file system Flink reaches (e.g. hdfs://). */
    public static JobID start(Setup setup, URI checkpoints, int parallelism) {
        Configuration conf = setup.configuration(checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        CountingJob.build(env, setup.unaligned());
        try {
            JobID job = cluster()
                    .submitJob(env.getStreamGraph().getJobGraph())
                    .get(1, TimeUnit.MINUTES)
                    .getJobID();
            await().atMost(Duration.ofMinutes(1)).until(() -> allRunning(job));
            return job;
        } catch (Exception e) {
            throw new IllegalStateException("the Flink job did not start", e);
        }
    }

    private static boolean allRunning(JobID job) throws Exception {
        JobStatus status = cluster().getJobStatus(job).get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            throw new IllegalStateException("the Flink job ended " + status);
        }
        return status == JobStatus.RUNNING
                && StreamSupport.stream(
                                cluster()
                                        .getExecutionGraph(job)
                                        .get(10, TimeUnit.SECONDS)
                                        .getAllExecutionVertices()
                                        .spliterator(),
                                false)
                        .allMatch(vertex -> vertex.getExecutionState() == ExecutionState.RUNNING);
    }

    /** Triggers a checkpoint and returns its directory ({@code .../chk-N}). */
    public static URI checkpoint(JobID job) {
        try {
            return URI.create(cluster().triggerCheckpoint(job).get(2, TimeUnit.MINUTES));
        } catch (Exception e) {
            throw new IllegalStateException("the checkpoint failed", e);
        }
    }

    /** Takes {@code count} checkpoints one after the other, then cancels the job (its checkpoints are retained). */
    public static List<URI> checkpointsThenCancel(JobID job, int count) {
        List<URI> taken = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                taken.add(checkpoint(job));
            }
        } finally {
            cancel(job);
        }
        return taken;
    }

    public static void cancel(JobID job) {
        try {
            cluster().cancelJob(job).get(1, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> cluster().getJobStatus(job).get().isGloballyTerminalState());
        } catch (Exception e) {
            throw new IllegalStateException("the Flink job did not stop", e);
        }
    }
}
