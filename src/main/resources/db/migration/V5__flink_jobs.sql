-- Apache Flink jobs whose checkpoint directory Cairn has adopted (<dir>/<flink-job-id>/), and the
-- chk-N directories found there. Flink writes them; Cairn catalogs, reports and deletes them.
CREATE SEQUENCE flink_jobs_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE flink_checkpoints_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE flink_jobs (
    id                   BIGINT        NOT NULL PRIMARY KEY,
    flink_job_id         VARCHAR(64)   NOT NULL,
    name                 VARCHAR(200)  NOT NULL,
    -- Flink's execution.checkpointing.dir: the job's files are under <dir>/<flink_job_id>/.
    checkpoint_directory VARCHAR(1024) NOT NULL,
    -- Flink's REST endpoint (JobManager), when Cairn triggers and follows the job; NULL: directory only.
    rest_url             VARCHAR(2048),
    -- Retention Cairn applies (NULL: none): the newest N checkpoints are kept, older ones deleted;
    -- savepoints beyond max_count or older than max_age go, the newest completed one never.
    num_retained_checkpoints INTEGER,
    savepoint_max_count      INTEGER,
    savepoint_max_age_ms     BIGINT,
    -- Periodic savepoints: an interval or a cron expression (NULL: none), outside the blackout windows
    -- ("HH:mm-HH:mm" in UTC, comma-separated), in this format.
    savepoint_interval_ms    BIGINT,
    savepoint_cron           VARCHAR(120),
    savepoint_blackouts      VARCHAR(1000),
    savepoint_format         VARCHAR(16),
    last_scheduled_at        TIMESTAMP(6) WITH TIME ZONE,
    adopted_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    scanned_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version              BIGINT        NOT NULL,
    CONSTRAINT uk_flink_jobs UNIQUE (flink_job_id)
);

CREATE TABLE flink_checkpoints (
    id              BIGINT        NOT NULL PRIMARY KEY,
    flink_job_pk    BIGINT        NOT NULL,
    checkpoint_id   BIGINT        NOT NULL,
    -- CHECKPOINT (a chk-N under the job's directory) or SAVEPOINT (a directory of its own, external_path).
    kind            VARCHAR(16)   NOT NULL,
    external_path   VARCHAR(2048),
    -- RETAINED (its _metadata read), UNREADABLE, DISCARDING, DISCARDED (by Cairn), VANISHED (not by Cairn),
    -- FAILED (Flink reported it failed).
    status          VARCHAR(16)   NOT NULL,
    -- Why an UNREADABLE checkpoint could not be read.
    problem         VARCHAR(2000),
    format_version  INTEGER,
    metadata_bytes  BIGINT        NOT NULL,
    exclusive_files INTEGER       NOT NULL,
    exclusive_bytes BIGINT        NOT NULL,
    shared_files    INTEGER       NOT NULL,
    shared_bytes    BIGINT        NOT NULL,
    inline_bytes    BIGINT        NOT NULL,
    -- When its _metadata was written; NULL until seen on storage.
    completed_at    TIMESTAMP(6) WITH TIME ZONE,
    -- Flink's own statistics (GET /jobs/:jobid/checkpoints), when Cairn follows the job over REST.
    triggered_at      TIMESTAMP(6) WITH TIME ZONE,
    duration_ms       BIGINT,
    state_size        BIGINT,
    checkpointed_size BIGINT,
    persisted_data    BIGINT,
    processed_data    BIGINT,
    unaligned         BOOLEAN,
    num_subtasks      INTEGER,
    num_acknowledged  INTEGER,
    failure_message   VARCHAR(2000),
    discovered_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    discarded_at    TIMESTAMP(6) WITH TIME ZONE,
    version         BIGINT        NOT NULL,
    CONSTRAINT uk_flink_checkpoints UNIQUE (flink_job_pk, checkpoint_id),
    CONSTRAINT fk_flink_checkpoints_job FOREIGN KEY (flink_job_pk) REFERENCES flink_jobs (id)
);

-- Flink's statistics of each task (job vertex) in a checkpoint, from /checkpoints/details/:id and its
-- subtasks: the largest alignment, sync and async durations of the subtasks, and whether any was unaligned.
CREATE TABLE flink_task_statistics (
    checkpoint_pk     BIGINT       NOT NULL,
    vertex_id         VARCHAR(64)  NOT NULL,
    state_size        BIGINT       NOT NULL,
    checkpointed_size BIGINT       NOT NULL,
    duration_ms       BIGINT       NOT NULL,
    processed_data    BIGINT       NOT NULL,
    persisted_data    BIGINT       NOT NULL,
    alignment_ms      BIGINT       NOT NULL,
    sync_ms           BIGINT       NOT NULL,
    async_ms          BIGINT       NOT NULL,
    unaligned         BOOLEAN      NOT NULL,
    num_subtasks      INTEGER      NOT NULL,
    num_acknowledged  INTEGER      NOT NULL,
    CONSTRAINT pk_flink_task_statistics PRIMARY KEY (checkpoint_pk, vertex_id),
    CONSTRAINT fk_flink_task_statistics_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES flink_checkpoints (id) ON DELETE CASCADE
);

-- The journal of a deletion: exactly the files it removes, _metadata first, written before the
-- first file goes, so a deletion cut short finishes the same way after a restart.
CREATE TABLE flink_checkpoint_deletions (
    checkpoint_pk BIGINT        NOT NULL,
    position      INTEGER       NOT NULL,
    -- Relative to the job's checkpoint directory.
    path          VARCHAR(2048) NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    CONSTRAINT pk_flink_checkpoint_deletions PRIMARY KEY (checkpoint_pk, position),
    CONSTRAINT fk_flink_deletions_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES flink_checkpoints (id) ON DELETE CASCADE
);
