-- Cluster-wide work (the periodic orphan sweep) runs on one replica at a time, under a lease of
-- its own, timed like the job leases by the database's clock.
CREATE TABLE singleton_leases (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner      VARCHAR(128),
    expires_at TIMESTAMP(6) WITH TIME ZONE
);
