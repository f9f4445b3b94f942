-- Every completion asks for a job's checkpoints (and shared files) by status: the kept ones for
-- retention, the newest kept one for shared state. Found by job alone, those queries walked the
-- job's whole history, which the catalog keeps (DISCARDED and FAILED rows stay for statistics): a
-- day of 10-second checkpoints made each 5 to 20 times dearer (H2, 8,640 rows: 1.4-1.6 ms per
-- query, 0.1-0.3 ms with these indexes), so a replica's CPU grew with its uptime. Status leads,
-- so the lookups by status alone still use the index.
DROP INDEX ix_checkpoints_status;
CREATE INDEX ix_checkpoints_status ON checkpoints (status, job_pk, checkpoint_id);
CREATE INDEX ix_shared_state_status ON shared_state (status, job_pk);
CREATE INDEX ix_flink_checkpoints_status ON flink_checkpoints (status, flink_job_pk);
-- The pinned-checkpoints gauge counts pin_count > 0 on every scrape.
CREATE INDEX ix_checkpoints_pinned ON checkpoints (pin_count);
