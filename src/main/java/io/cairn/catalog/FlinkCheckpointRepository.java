package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface FlinkCheckpointRepository extends JpaRepository<FlinkCheckpointEntry, Long> {

    List<FlinkCheckpointEntry> findByFlinkJobPkOrderByCheckpointIdDesc(long flinkJobPk);

    Optional<FlinkCheckpointEntry> findByFlinkJobPkAndCheckpointId(long flinkJobPk, long checkpointId);

    List<FlinkCheckpointEntry> findByStatus(FlinkCheckpointEntry.Status status);

    List<FlinkCheckpointEntry> findByFlinkJobPkAndStatusIn(
            long flinkJobPk, Collection<FlinkCheckpointEntry.Status> statuses);

    List<FlinkCheckpointEntry> findByFlinkJobPkAndCheckpointIdIn(long flinkJobPk, Collection<Long> checkpointIds);

    /** Savepoints known from Flink's statistics whose {@code _metadata} was never read. */
    @Query("""
            select c from FlinkCheckpointEntry c
            where c.flinkJobPk = :flinkJobPk and c.kind = io.cairn.catalog.FlinkCheckpointEntry.Kind.SAVEPOINT
              and c.status = io.cairn.catalog.FlinkCheckpointEntry.Status.VANISHED
              and c.completedAt is null and c.externalPath is not null""")
    List<FlinkCheckpointEntry> findSavepointsNotRead(@Param("flinkJobPk") long flinkJobPk);
}
