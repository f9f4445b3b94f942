package io.cairn.coordinator;

import java.util.List;
import java.util.OptionalLong;

import io.cairn.catalog.RestoreRepository;
import io.cairn.job.AgentRegistry;
import io.cairn.job.Job;
import org.springframework.stereotype.Component;

/** {@link TriggerFacts} from the catalog: the agents table and the restores table. */
@Component
class CatalogTriggerFacts implements TriggerFacts {

    private final AgentRegistry agents;
    private final RestoreRepository restores;

    CatalogTriggerFacts(AgentRegistry agents, RestoreRepository restores) {
        this.agents = agents;
        this.restores = restores;
    }

    @Override
    public List<AgentSighting> agentsOf(Job job) {
        return agents.agentsOf(job).stream()
                .map(agent ->
                        new AgentSighting(agent.getTaskId(), agent.getSubtask(), agent.getUrl(), agent.getLastSeenAt()))
                .toList();
    }

    @Override
    public OptionalLong runningRestore(Job job) {
        return restores.runningIds(job.getId()).stream()
                .mapToLong(Long::longValue)
                .findFirst();
    }
}
