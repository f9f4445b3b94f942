package io.cairn.coordinator;

import java.util.List;
import java.util.OptionalLong;

import io.cairn.catalog.RestoreRepository;
import io.cairn.job.AgentAddresses;
import io.cairn.job.AgentAddresses.AgentAddress;
import io.cairn.job.Job;
import org.springframework.stereotype.Component;

/** {@link TriggerFacts} from the catalog: the agents table and the restores table. */
@Component
class CatalogTriggerFacts implements TriggerFacts {

    private final AgentAddresses agents;
    private final RestoreRepository restores;

    CatalogTriggerFacts(AgentAddresses agents, RestoreRepository restores) {
        this.agents = agents;
        this.restores = restores;
    }

    @Override
    public List<AgentAddress> agentsOf(Job job) {
        return agents.of(job.getId());
    }

    @Override
    public OptionalLong runningRestore(Job job) {
        return restores.runningIds(job.getId()).stream()
                .mapToLong(Long::longValue)
                .findFirst();
    }
}
