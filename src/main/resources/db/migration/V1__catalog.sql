-- Cairn's catalog. Runs unchanged on H2 (embedded) and PostgreSQL (production).
-- Ids come from sequences (allocation 50) so Hibernate can batch inserts.
-- Timestamps are UTC instants; durations are milliseconds; enums are stored by name.

CREATE SEQUENCE jobs_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE agents_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE checkpoints_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE task_snapshots_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE shared_state_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE restores_seq START WITH 1 INCREMENT BY 50;

-- A job and its checkpointing configuration (DESIGN section 3).
CREATE TABLE jobs (
    id                   BIGINT        NOT NULL PRIMARY KEY,
    job_id               VARCHAR(64)   NOT NULL,
    name                 VARCHAR(200)  NOT NULL,
    state                VARCHAR(16)   NOT NULL,
    state_reason         VARCHAR(2000),
    checkpoint_root      VARCHAR(1024) NOT NULL,
    -- NULL: no periodic checkpoints, manual triggers only.
    interval_ms          BIGINT,
    mode                 VARCHAR(16)   NOT NULL,
    aligned_timeout_ms   BIGINT        NOT NULL,
    timeout_ms           BIGINT        NOT NULL,
    min_pause_ms         BIGINT        NOT NULL,
    max_concurrent       INTEGER       NOT NULL,
    tolerable_failures   INTEGER       NOT NULL,
    retention            VARCHAR(40)   NOT NULL,
    num_retained         INTEGER       NOT NULL,
    -- The next id the coordinator hands out; only ever grows (restore moves it above the restored id).
    next_checkpoint_id   BIGINT        NOT NULL,
    consecutive_failures INTEGER       NOT NULL,
    -- Set by a NO_CLAIM restore: the next checkpoint may not reuse the restored shared state.
    next_checkpoint_full BOOLEAN       NOT NULL,
    -- Secret agents sign their calls with (security issue); NULL until issued.
    agent_secret         VARCHAR(128),
    -- Which replica coordinates the job, and until when (several replicas share the catalog).
    coordinator_id       VARCHAR(128),
    lease_expires_at     TIMESTAMP(6) WITH TIME ZONE,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    ended_at             TIMESTAMP(6) WITH TIME ZONE,
    version              BIGINT        NOT NULL,
    CONSTRAINT uk_jobs_job_id UNIQUE (job_id)
);
CREATE INDEX ix_jobs_created_at ON jobs (created_at);

-- The job's tasks in the order they were registered.
CREATE TABLE job_tasks (
    job_pk      BIGINT      NOT NULL,
    task_index  INTEGER     NOT NULL,
    task_id     VARCHAR(64) NOT NULL,
    parallelism INTEGER     NOT NULL,
    CONSTRAINT pk_job_tasks PRIMARY KEY (job_pk, task_index),
    CONSTRAINT uk_job_tasks_task UNIQUE (job_pk, task_id),
    CONSTRAINT fk_job_tasks_job FOREIGN KEY (job_pk) REFERENCES jobs (id) ON DELETE CASCADE
);

-- Task agents: one per (task, subtask), renewed by the agent itself.
CREATE TABLE agents (
    id            BIGINT        NOT NULL PRIMARY KEY,
    job_pk        BIGINT        NOT NULL,
    task_id       VARCHAR(64)   NOT NULL,
    subtask       INTEGER       NOT NULL,
    url           VARCHAR(2048) NOT NULL,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version       BIGINT        NOT NULL,
    CONSTRAINT uk_agents UNIQUE (job_pk, task_id, subtask),
    CONSTRAINT fk_agents_job FOREIGN KEY (job_pk) REFERENCES jobs (id) ON DELETE CASCADE
);

-- Checkpoints and savepoints. A row outlives its files: DISCARDED rows stay as history.
CREATE TABLE checkpoints (
    id                  BIGINT        NOT NULL PRIMARY KEY,
    job_pk              BIGINT        NOT NULL,
    checkpoint_id       BIGINT        NOT NULL,
    kind                VARCHAR(16)   NOT NULL,
    requested_alignment VARCHAR(16)   NOT NULL,
    -- What it became: an aligned checkpoint whose alignment timed out completes UNALIGNED.
    alignment           VARCHAR(16)   NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    full_snapshot       BOOLEAN       NOT NULL,
    -- Directory of the checkpoint (chk-N or savepoint-...), as a URI.
    external_path       VARCHAR(2048) NOT NULL,
    triggered_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    completed_at        TIMESTAMP(6) WITH TIME ZONE,
    failed_at           TIMESTAMP(6) WITH TIME ZONE,
    discarded_at        TIMESTAMP(6) WITH TIME ZONE,
    failure_reason      VARCHAR(40),
    failure_message     VARCHAR(2000),
    num_subtasks        INTEGER       NOT NULL,
    num_acknowledged    INTEGER       NOT NULL,
    state_size          BIGINT        NOT NULL,
    checkpointed_size   BIGINT        NOT NULL,
    in_flight_bytes     BIGINT        NOT NULL,
    duration_ms         BIGINT,
    metadata_bytes      BIGINT,
    -- Running restores reading this checkpoint; retention skips it while > 0.
    pin_count           INTEGER       NOT NULL,
    -- Brought in by a NO_CLAIM restore: Cairn never deletes it.
    never_discard       BOOLEAN       NOT NULL,
    version             BIGINT        NOT NULL,
    CONSTRAINT uk_checkpoints UNIQUE (job_pk, checkpoint_id),
    CONSTRAINT fk_checkpoints_job FOREIGN KEY (job_pk) REFERENCES jobs (id)
);
CREATE INDEX ix_checkpoints_status ON checkpoints (status);

-- Per-subtask statistics of a checkpoint, from its acknowledgement.
CREATE TABLE task_snapshots (
    id                BIGINT      NOT NULL PRIMARY KEY,
    checkpoint_pk     BIGINT      NOT NULL,
    task_id           VARCHAR(64) NOT NULL,
    subtask           INTEGER     NOT NULL,
    acknowledged_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state_size        BIGINT      NOT NULL,
    checkpointed_size BIGINT      NOT NULL,
    in_flight_bytes   BIGINT      NOT NULL,
    sync_ms           BIGINT      NOT NULL,
    async_ms          BIGINT      NOT NULL,
    alignment_ms      BIGINT      NOT NULL,
    start_delay_ms    BIGINT      NOT NULL,
    unaligned         BOOLEAN     NOT NULL,
    -- Event-time watermark at checkpoint time; NULL when the task has none.
    watermark         BIGINT,
    CONSTRAINT uk_task_snapshots UNIQUE (checkpoint_pk, task_id, subtask),
    CONSTRAINT fk_task_snapshots_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES checkpoints (id) ON DELETE CASCADE
);

-- Files under <job>/shared/, reference counted through checkpoint_shared_refs.
CREATE TABLE shared_state (
    id                    BIGINT        NOT NULL PRIMARY KEY,
    job_pk                BIGINT        NOT NULL,
    state_key             VARCHAR(1024) NOT NULL,
    size_bytes            BIGINT        NOT NULL,
    created_by_checkpoint BIGINT        NOT NULL,
    last_used_checkpoint  BIGINT        NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    -- Brought in by a NO_CLAIM restore: never deleted by Cairn.
    never_discard         BOOLEAN       NOT NULL,
    created_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    discarded_at          TIMESTAMP(6) WITH TIME ZONE,
    version               BIGINT        NOT NULL,
    CONSTRAINT uk_shared_state UNIQUE (job_pk, state_key),
    CONSTRAINT fk_shared_state_job FOREIGN KEY (job_pk) REFERENCES jobs (id)
);

CREATE TABLE checkpoint_shared_refs (
    checkpoint_pk   BIGINT NOT NULL,
    shared_state_pk BIGINT NOT NULL,
    CONSTRAINT pk_checkpoint_shared_refs PRIMARY KEY (checkpoint_pk, shared_state_pk),
    CONSTRAINT fk_refs_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES checkpoints (id) ON DELETE CASCADE,
    CONSTRAINT fk_refs_shared_state FOREIGN KEY (shared_state_pk) REFERENCES shared_state (id)
);
CREATE INDEX ix_refs_shared_state ON checkpoint_shared_refs (shared_state_pk);

-- Restores and what each agent answered.
CREATE TABLE restores (
    id                       BIGINT        NOT NULL PRIMARY KEY,
    job_pk                   BIGINT        NOT NULL,
    source_kind              VARCHAR(16)   NOT NULL,
    checkpoint_pk            BIGINT,
    restored_checkpoint_id   BIGINT,
    metadata_path            VARCHAR(2048) NOT NULL,
    claim_mode               VARCHAR(16)   NOT NULL,
    allow_non_restored_state BOOLEAN       NOT NULL,
    status                   VARCHAR(16)   NOT NULL,
    requested_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at              TIMESTAMP(6) WITH TIME ZONE,
    failure_message          VARCHAR(2000),
    version                  BIGINT        NOT NULL,
    CONSTRAINT fk_restores_job FOREIGN KEY (job_pk) REFERENCES jobs (id),
    CONSTRAINT fk_restores_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES checkpoints (id)
);
CREATE INDEX ix_restores_job ON restores (job_pk);

CREATE TABLE restore_agents (
    restore_pk  BIGINT      NOT NULL,
    task_id     VARCHAR(64) NOT NULL,
    subtask     INTEGER     NOT NULL,
    outcome     VARCHAR(16) NOT NULL,
    message     VARCHAR(2000),
    answered_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_restore_agents PRIMARY KEY (restore_pk, task_id, subtask),
    CONSTRAINT fk_restore_agents_restore FOREIGN KEY (restore_pk) REFERENCES restores (id) ON DELETE CASCADE
);
