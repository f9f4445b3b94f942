package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SharedStateRepository extends JpaRepository<SharedStateEntry, Long> {

    Optional<SharedStateEntry> findByJobPkAndStateKey(long jobPk, String stateKey);

    List<SharedStateEntry> findByJobPkAndStateKeyIn(long jobPk, Collection<String> stateKeys);

    List<SharedStateEntry> findByStatus(SharedStateEntry.Status status);

    List<SharedStateEntry> findByJobPkAndStatusIn(long jobPk, Collection<SharedStateEntry.Status> statuses);

    /*
     * Statuses are spelled out in these queries, not bound as a list: Hibernate translates a query
     * with a list bound to IN again on every call (a fifth of retention's CPU per completion).
     */

    /**
     * Live shared files no checkpoint in a protecting status references, last used before
     * {@code below}, and not brought in by a NO_CLAIM restore: what retention may let go.
     */
    @Query("""
            select s from SharedStateEntry s
            where s.jobPk = :jobPk and s.status = io.cairn.catalog.SharedStateEntry.Status.LIVE
              and s.neverDiscard = false and s.lastUsedCheckpoint < :below
              and not exists (select c.id from Checkpoint c join c.sharedStateRefs ref
                              where ref = s.id and c.status in (io.cairn.catalog.CheckpointStatus.COMPLETED,
                                                                io.cairn.catalog.CheckpointStatus.RETAINED))""")
    List<SharedStateEntry> findReleasable(@Param("jobPk") long jobPk, @Param("below") long below);

    /** Bytes of the job's live shared files. */
    @Query("""
            select coalesce(sum(s.sizeBytes), 0) from SharedStateEntry s
            where s.jobPk = :jobPk and s.status = io.cairn.catalog.SharedStateEntry.Status.LIVE""")
    long liveBytes(@Param("jobPk") long jobPk);
}
