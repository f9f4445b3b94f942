-- Several replicas share the catalog. Each heartbeats its row; a replica not seen for the lease
-- TTL is dead. Times are the database's clock (CURRENT_TIMESTAMP), never a replica's.
CREATE TABLE replicas (
    replica_id   VARCHAR(128)  NOT NULL PRIMARY KEY,
    url          VARCHAR(2048) NOT NULL,
    started_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- One lease per job, apart from the jobs row (whose entity is versioned): which replica
-- coordinates the job until when, and the epoch, a fencing token that grows whenever the lease
-- changes hands or lapses. Every coordinator write for the job is conditioned on it.
CREATE TABLE job_leases (
    job_pk     BIGINT       NOT NULL PRIMARY KEY,
    owner      VARCHAR(128),
    expires_at TIMESTAMP(6) WITH TIME ZONE,
    epoch      BIGINT       NOT NULL,
    CONSTRAINT fk_job_leases_job FOREIGN KEY (job_pk) REFERENCES jobs (id) ON DELETE CASCADE
);

-- The two columns V1 reserved on jobs are superseded by job_leases.
ALTER TABLE jobs DROP COLUMN coordinator_id;
ALTER TABLE jobs DROP COLUMN lease_expires_at;
