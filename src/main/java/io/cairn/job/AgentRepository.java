package io.cairn.job;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface AgentRepository extends JpaRepository<Agent, Long> {

    Optional<Agent> findByJobPkAndTaskIdAndSubtask(long jobPk, String taskId, int subtask);

    List<Agent> findByJobPkOrderByTaskIdAscSubtaskAsc(long jobPk);
}
