package io.cairn.job;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes a running job's tasks, as part of a restore that rescales it: the job takes the new
 * shape and the agents of subtasks that no longer exist are dropped. Always inside its caller's
 * transaction, so a restore that fails to record changes no shape.
 */
@Service
public class JobRescaler {

    private final JobFinder finder;
    private final AgentRepository agents;
    private final AgentRenewals renewals;
    private final Clock clock;

    JobRescaler(JobFinder finder, AgentRepository agents, AgentRenewals renewals, Clock clock) {
        this.finder = finder;
        this.agents = agents;
        this.renewals = renewals;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Job rescale(String jobId, List<JobTask> tasks) {
        Job job = finder.requireForUpdate(jobId);
        job.replaceTasks(tasks, clock.instant());
        renewals.forget(jobId);
        agents.deleteAll(agents.findByJobPkOrderByTaskIdAscSubtaskAsc(job.getId()).stream()
                .filter(agent -> !job.hasSubtask(agent.getTaskId(), agent.getSubtask()))
                .toList());
        return job;
    }
}
