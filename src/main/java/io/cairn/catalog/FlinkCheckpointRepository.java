package io.cairn.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface FlinkCheckpointRepository extends JpaRepository<FlinkCheckpointEntry, Long> {

    List<FlinkCheckpointEntry> findByFlinkJobPkOrderByCheckpointIdDesc(long flinkJobPk);

    Optional<FlinkCheckpointEntry> findByFlinkJobPkAndCheckpointId(long flinkJobPk, long checkpointId);

    List<FlinkCheckpointEntry> findByStatus(FlinkCheckpointEntry.Status status);
}
