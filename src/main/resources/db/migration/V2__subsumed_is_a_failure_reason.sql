-- A pending checkpoint a newer one overtook is FAILED with reason SUBSUMED (Flink's
-- CHECKPOINT_SUBSUMED); the status SUBSUMED is gone, so completed-then-let-go (DISCARDED) is
-- never confused with it.
UPDATE checkpoints SET status = 'FAILED' WHERE status = 'SUBSUMED';
