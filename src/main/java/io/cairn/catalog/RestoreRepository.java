package io.cairn.catalog;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RestoreRepository extends JpaRepository<Restore, Long> {

    Page<Restore> findByJobPkOrderByRequestedAtDesc(long jobPk, Pageable pageable);

    long countByJobPk(long jobPk);

    long countByStatus(Restore.Status status);

    java.util.List<Restore> findByStatus(Restore.Status status);

    boolean existsByJobPkAndStatusIn(long jobPk, java.util.Collection<Restore.Status> statuses);

    java.util.Optional<Restore> findFirstByJobPkAndStatusIn(long jobPk, java.util.Collection<Restore.Status> statuses);

    java.util.Optional<Restore> findFirstByJobPkOrderByRequestedAtDesc(long jobPk);

    java.util.List<Restore> findByJobPkAndStatus(long jobPk, Restore.Status status);
}
