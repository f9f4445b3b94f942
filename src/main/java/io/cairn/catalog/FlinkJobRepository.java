package io.cairn.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface FlinkJobRepository extends JpaRepository<FlinkJobEntry, Long> {

    Optional<FlinkJobEntry> findByFlinkJobId(String flinkJobId);

    List<FlinkJobEntry> findByCheckpointDirectory(String checkpointDirectory);

    List<FlinkJobEntry> findByRestUrlIsNotNull();
}
