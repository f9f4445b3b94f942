package io.cairn.job;

import java.time.Instant;
import java.util.List;

/** Jobs for unit tests in other packages, made as registration makes them (without a catalog). */
public final class TestJobs {

    private TestJobs() {}

    /** A running job with these tasks and settings (absent ones at their defaults). */
    public static Job running(String jobId, CheckpointingSettings settings, Instant at, JobTask... tasks) {
        return new Job(jobId, jobId, List.of(tasks), settings, "file:/srv/cairn", at);
    }

    public static JobTask task(String taskId, int parallelism) {
        return new JobTask(taskId, parallelism);
    }

    public static Job cancelled(Job job, Instant at) {
        job.cancel(at);
        return job;
    }
}
