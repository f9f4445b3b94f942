package io.cairn.catalog;

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
