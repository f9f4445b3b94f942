package io.cairn.catalog;

import java.util.Collection;
import java.util.Comparator;
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
     * Kept = COMPLETED or RETAINED, spelled out rather than bound as a list: Hibernate translates a
     * query with a list bound to IN again on every call, and these run on every completion.
     *
     * Rows by job and status are found through their ids: asked for ids, H2 seeks the status index;
     * asked for whole rows, it walks the job's whole history (DISCARDED rows stay), 2 ms a query
     * at 1,000 checkpoints per job against 0.1-0.5 ms. Rows are then loaded one by one (a job keeps
     * a few): findAllById binds a list, which Hibernate translates again on every call.
     */

    /** The id of the job's newest kept checkpoint or savepoint, if any. */
    @Query("""
            select max(c.checkpointId) from Checkpoint c where c.jobPk = :jobPk
            and c.status in (io.cairn.catalog.CheckpointStatus.COMPLETED, io.cairn.catalog.CheckpointStatus.RETAINED)""")
    Optional<Long> newestKeptCheckpointId(@Param("jobPk") long jobPk);

    /** The job's kept checkpoints and savepoints; ids and rows in one transaction. */
    @Transactional(readOnly = true)
    default List<Checkpoint> findKept(long jobPk) {
        return byIds(keptIds(jobPk));
    }

    @Query("""
            select c.id from Checkpoint c where c.jobPk = :jobPk
            and c.status in (io.cairn.catalog.CheckpointStatus.COMPLETED, io.cairn.catalog.CheckpointStatus.RETAINED)""")
    List<Long> keptIds(@Param("jobPk") long jobPk);

    /** The job's COMPLETED checkpoints (not savepoints), newest first; ids and rows in one transaction. */
    @Transactional(readOnly = true)
    default List<Checkpoint> findCompletedCheckpoints(long jobPk) {
        return byIds(completedIds(jobPk)).stream()
                .filter(checkpoint -> checkpoint.getKind() == CheckpointKind.CHECKPOINT)
                .sorted(Comparator.comparingLong(Checkpoint::getCheckpointId).reversed())
                .toList();
    }

    @Query("""
            select c.id from Checkpoint c where c.jobPk = :jobPk
            and c.status = io.cairn.catalog.CheckpointStatus.COMPLETED""")
    List<Long> completedIds(@Param("jobPk") long jobPk);

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
