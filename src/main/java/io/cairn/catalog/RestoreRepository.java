package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RestoreRepository extends JpaRepository<Restore, Long> {

    Page<Restore> findByJobPkOrderByRequestedAtDesc(long jobPk, Pageable pageable);

    long countByJobPk(long jobPk);

    long countByStatus(Restore.Status status);

    List<Restore> findByStatus(Restore.Status status);

    /**
     * Ids of the job's restores that have not ended ({@link Restore#RUNNING}, spelled out: a list
     * bound to IN makes Hibernate translate the query again on every trigger).
     */
    @Query("""
            select r.id from Restore r where r.jobPk = :jobPk
            and r.status in (io.cairn.catalog.Restore.Status.AWAITING_AGENTS, io.cairn.catalog.Restore.Status.IN_PROGRESS)""")
    List<Long> runningIds(@Param("jobPk") long jobPk);

    Optional<Restore> findFirstByJobPkAndStatusIn(long jobPk, Collection<Restore.Status> statuses);

    Optional<Restore> findFirstByJobPkOrderByRequestedAtDesc(long jobPk);

    List<Restore> findByJobPkAndStatus(long jobPk, Restore.Status status);
}
