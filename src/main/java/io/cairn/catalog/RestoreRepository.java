package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RestoreRepository extends JpaRepository<Restore, Long> {

    Page<Restore> findByJobPkOrderByRequestedAtDesc(long jobPk, Pageable pageable);

    long countByJobPk(long jobPk);

    long countByStatus(Restore.Status status);

    List<Restore> findByStatus(Restore.Status status);

    boolean existsByJobPkAndStatusIn(long jobPk, Collection<Restore.Status> statuses);

    Optional<Restore> findFirstByJobPkAndStatusIn(long jobPk, Collection<Restore.Status> statuses);

    Optional<Restore> findFirstByJobPkOrderByRequestedAtDesc(long jobPk);

    List<Restore> findByJobPkAndStatus(long jobPk, Restore.Status status);
}
