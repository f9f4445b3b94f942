package io.cairn.job;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AgentRepository extends JpaRepository<Agent, Long> {

    Optional<Agent> findByJobPkAndTaskIdAndSubtask(long jobPk, String taskId, int subtask);

    List<Agent> findByJobPkOrderByTaskIdAscSubtaskAsc(long jobPk);

    /** Registered agents per job, as (job pk, count) pairs. */
    @Query("select a.jobPk, count(a) from Agent a group by a.jobPk")
    List<Object[]> countByJob();
}
