package io.cairn.coordinator;

import java.util.List;
import java.util.OptionalLong;

import io.cairn.job.AgentAddresses.AgentAddress;
import io.cairn.job.Job;

/**
 * What a trigger reads about a job besides the job itself: which agents answer for its subtasks and
 * when each was last seen ({@link TriggerGuard}, on every trigger), and whether a restore of it runs
 * ({@link TriggerJobs}, with each read of the job). A port, so the guard's rules are tested without a
 * database; {@link CatalogTriggerFacts} reads the catalog.
 */
interface TriggerFacts {

    List<AgentAddress> agentsOf(Job job);

    /** The id of a restore of the job that has not ended. */
    OptionalLong runningRestore(Job job);
}
