package io.cairn.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface CheckpointRepository extends JpaRepository<Checkpoint, Long> {

    Optional<Checkpoint> findByJobPkAndCheckpointId(long jobPk, long checkpointId);

    Page<Checkpoint> findByJobPkOrderByCheckpointIdDesc(long jobPk, Pageable pageable);

    Page<Checkpoint> findByJobPkAndStatusOrderByCheckpointIdDesc(
            long jobPk, CheckpointStatus status, Pageable pageable);

    Optional<Checkpoint> findFirstByJobPkAndStatusInOrderByCheckpointIdDesc(
            long jobPk, Collection<CheckpointStatus> statuses);

    Optional<Checkpoint> findFirstByJobPkAndKindAndStatusInOrderByCheckpointIdDesc(
            long jobPk, CheckpointKind kind, Collection<CheckpointStatus> statuses);

    List<Checkpoint> findByStatus(CheckpointStatus status);

    List<Checkpoint> findByKindAndStatusIn(CheckpointKind kind, Collection<CheckpointStatus> statuses);

    List<Checkpoint> findByJobPkAndStatusIn(long jobPk, Collection<CheckpointStatus> statuses);

    List<Checkpoint> findByJobPk(long jobPk);

    /*
     * Kept = COMPLETED or RETAINED, asked for one status at a time. H2 seeks an index with an IN
     * list on its first column value by value but without the columns after it, so
     * "status IN (..) and job_pk = ?" walked every job's kept rows. With equalities it seeks
     * (status, job_pk) straight to the job's few rows: 0.005-0.01 ms a query against 0.05 ms at
     * 750 jobs (measured when retention ran them on every completion; it reads with plain SQL now,
     * CheckpointRows, and these serve the retained-bytes figures).
     *
     * Whole rows are found through their ids: asked for whole rows by job and status, H2 picks the
     * job_pk index and walks the job's history (2 ms a query at 1,000 checkpoints per job). Rows
     * are then loaded one by one (a job keeps a few): findAllById binds a list, which Hibernate
     * translates again on every call.
     */

    /** The job's kept checkpoints and savepoints; ids and rows in one transaction. */
    @Transactional(readOnly = true)
    default List<Checkpoint> findKept(long jobPk) {
        List<Long> ids = new ArrayList<>(idsWithStatus(jobPk, CheckpointStatus.COMPLETED));
        ids.addAll(idsWithStatus(jobPk, CheckpointStatus.RETAINED));
        return byIds(ids);
    }

    @Query("select c.id from Checkpoint c where c.jobPk = :jobPk and c.status = :status")
    List<Long> idsWithStatus(@Param("jobPk") long jobPk, @Param("status") CheckpointStatus status);

    private List<Checkpoint> byIds(List<Long> ids) {
        return ids.stream().map(this::findById).flatMap(Optional::stream).toList();
    }

    long countByPinCountGreaterThan(int pins);

    @Query("""
            select new io.cairn.catalog.CheckpointCounts(count(c),
                coalesce(sum(case when c.status = io.cairn.catalog.CheckpointStatus.PENDING then 1 else 0 end), 0),
                coalesce(sum(case when c.completedAt is not null then 1 else 0 end), 0),
                coalesce(sum(case when c.failedAt is not null then 1 else 0 end), 0))
            from Checkpoint c where c.jobPk = :jobPk""")
    CheckpointCounts countsOf(long jobPk);

    Optional<Checkpoint> findFirstByJobPkAndFailedAtIsNotNullOrderByCheckpointIdDesc(long jobPk);

    List<Checkpoint> findTop1000ByJobPkAndCompletedAtIsNotNullOrderByCheckpointIdDesc(long jobPk);

    long countByJobPkAndStatusIn(long jobPk, Collection<CheckpointStatus> statuses);
}
