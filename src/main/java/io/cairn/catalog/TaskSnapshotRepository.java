package io.cairn.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TaskSnapshotRepository extends JpaRepository<TaskSnapshot, Long> {

    List<TaskSnapshot> findByCheckpointPk(long checkpointPk);
}
