package io.cairn.catalog;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A Flink job whose checkpoint directory Cairn has adopted: where Flink writes, and when Cairn last looked. */
@Entity
@Table(name = "flink_jobs")
public class FlinkJobEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "flink_jobs_seq")
    @SequenceGenerator(name = "flink_jobs_seq", sequenceName = "flink_jobs_seq", allocationSize = 50)
    private Long id;

    @Column(name = "flink_job_id", nullable = false, updatable = false, length = 64)
    private String flinkJobId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "checkpoint_directory", nullable = false, updatable = false, length = 1024)
    private String checkpointDirectory;

    @Column(name = "rest_url", length = 2048)
    private String restUrl;

    @Column(name = "num_retained_checkpoints")
    private Integer numRetainedCheckpoints;

    @Column(name = "savepoint_max_count")
    private Integer savepointMaxCount;

    @Column(name = "savepoint_max_age_ms")
    private Long savepointMaxAgeMs;

    @Column(name = "savepoint_interval_ms")
    private Long savepointIntervalMs;

    @Column(name = "savepoint_cron", length = 120)
    private String savepointCron;

    @Column(name = "savepoint_blackouts", length = 1000)
    private String savepointBlackouts;

    @Column(name = "savepoint_format", length = 16)
    private String savepointFormat;

    @Column(name = "last_scheduled_at")
    private Instant lastScheduledAt;

    @Column(name = "adopted_at", nullable = false, updatable = false)
    private Instant adoptedAt;

    @Column(name = "scanned_at", nullable = false)
    private Instant scannedAt;

    @Version
    private long version;

    protected FlinkJobEntry() {}

    public FlinkJobEntry(String flinkJobId, String name, String checkpointDirectory, String restUrl, Instant at) {
        this.flinkJobId = flinkJobId;
        this.restUrl = restUrl;
        this.name = name;
        this.checkpointDirectory = checkpointDirectory;
        this.adoptedAt = at;
        this.scannedAt = at;
    }

    public void scanned(Instant at) {
        this.scannedAt = at;
    }

    public void changePolicy(Policy policy) {
        this.numRetainedCheckpoints = policy.numRetainedCheckpoints();
        this.savepointMaxCount = policy.savepointMaxCount();
        this.savepointMaxAgeMs = policy.savepointMaxAge() == null
                ? null
                : policy.savepointMaxAge().toMillis();
        this.savepointIntervalMs = policy.savepointInterval() == null
                ? null
                : policy.savepointInterval().toMillis();
        this.savepointCron = policy.savepointCron();
        this.savepointBlackouts = policy.savepointBlackouts();
        this.savepointFormat = policy.savepointFormat();
    }

    public Policy getPolicy() {
        return new Policy(
                numRetainedCheckpoints,
                savepointMaxCount,
                savepointMaxAgeMs == null ? null : Duration.ofMillis(savepointMaxAgeMs),
                savepointIntervalMs == null ? null : Duration.ofMillis(savepointIntervalMs),
                savepointCron,
                savepointBlackouts,
                savepointFormat);
    }

    /** A scheduled savepoint was started (whether or not it succeeded: the schedule moves on). */
    public void scheduledSavepoint(Instant at) {
        this.lastScheduledAt = at;
    }

    public Instant getLastScheduledAt() {
        return lastScheduledAt;
    }

    /**
     * What Cairn keeps of a Flink job and when it takes savepoints; every part may be null (none).
     *
     * @param savepointBlackouts daily windows in UTC when no scheduled savepoint starts, "HH:mm-HH:mm", comma-separated
     */
    public record Policy(
            Integer numRetainedCheckpoints,
            Integer savepointMaxCount,
            Duration savepointMaxAge,
            Duration savepointInterval,
            String savepointCron,
            String savepointBlackouts,
            String savepointFormat) {

        public static final Policy NONE = new Policy(null, null, null, null, null, null, null);
    }

    public Long getId() {
        return id;
    }

    public String getFlinkJobId() {
        return flinkJobId;
    }

    public String getName() {
        return name;
    }

    public String getCheckpointDirectory() {
        return checkpointDirectory;
    }

    /** Flink's REST endpoint; null when Cairn only reads the job's directory. */
    public String getRestUrl() {
        return restUrl;
    }

    public Instant getAdoptedAt() {
        return adoptedAt;
    }

    public Instant getScannedAt() {
        return scannedAt;
    }
}
