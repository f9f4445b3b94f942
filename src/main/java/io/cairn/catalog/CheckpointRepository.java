package io.cairn.catalog;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CheckpointRepository extends JpaRepository<Checkpoint, Long> {

    Optional<Checkpoint> findByJobPkAndCheckpointId(long jobPk, long checkpointId);

    Page<Checkpoint> findByJobPkOrderByCheckpointIdDesc(long jobPk, Pageable pageable);
}
