-- Every subtask's acknowledgement figures of one checkpoint in one row (JSON, one array per
-- subtask), written with the checkpoint's completion or failure. One row per subtask in
-- task_snapshots made a completion insert as many rows as the job has subtasks, each with three
-- index entries: at 64 subtasks most of the completion's commit. Rows written before this
-- migration stay in task_snapshots and are read from there.
CREATE TABLE ack_stats (
    checkpoint_pk BIGINT  NOT NULL PRIMARY KEY,
    subtasks      VARCHAR NOT NULL,
    CONSTRAINT fk_ack_stats_checkpoint FOREIGN KEY (checkpoint_pk) REFERENCES checkpoints (id) ON DELETE CASCADE
);
