package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

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

    List<Checkpoint> findByJobPkAndKindAndStatusOrderByCheckpointIdDesc(
            long jobPk, CheckpointKind kind, CheckpointStatus status);

    List<Checkpoint> findByJobPkAndStatusIn(long jobPk, Collection<CheckpointStatus> statuses);

    List<Checkpoint> findByJobPk(long jobPk);

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
