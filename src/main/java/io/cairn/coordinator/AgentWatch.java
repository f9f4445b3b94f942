package io.cairn.coordinator;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.cairn.agentclient.AgentClient;
import io.cairn.catalog.FailureReason;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notices agents that die mid-checkpoint: the agents a running checkpoint still waits for are
 * probed regularly, and one that does not answer aborts the checkpoint (AGENT_LOST) instead of
 * letting it run into its timeout. A batched agent is probed once for all its subtasks.
 */
@Component
class AgentWatch {

    private final JobCheckpointsRegistry registry;
    private final AgentClient agents;
    private final CheckpointAborter aborter;
    private final ScheduledExecutorService background;

    AgentWatch(
            JobCheckpointsRegistry registry,
            AgentClient agents,
            CheckpointAborter aborter,
            ScheduledExecutorService coordinatorTimer) {
        this.registry = registry;
        this.agents = agents;
        this.aborter = aborter;
        this.background = coordinatorTimer;
    }

    @Scheduled(fixedDelayString = "${cairn.coordinator.agent-probe-interval:2s}")
    void probe() {
        runOnce();
    }

    void runOnce() {
        for (JobCheckpoints job : registry.all()) {
            for (PendingCheckpoint pending : job.allPending()) {
                for (List<ExpectedSubtask> call : ExpectedSubtask.byCall(pending.awaiting())) {
                    String url = call.get(0).agentUrl();
                    agents.health(job.jobId, url).whenComplete((health, failure) -> {
                        if (failure != null) {
                            background.execute(() -> aborter.abort(
                                    job,
                                    pending.checkpointId,
                                    FailureReason.AGENT_LOST,
                                    "agent of " + ExpectedSubtask.describe(call) + " at "
                                            + url + " stopped answering: "
                                            + TriggerFanOut.rootMessage(failure)));
                        }
                    });
                }
            }
        }
    }
}
