package io.cairn.coordinator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the coordinator runs. The agent-probe interval ({@code cairn.coordinator.agent-probe-interval},
 * 2s), the scheduler tick ({@code cairn.coordinator.scheduler-tick}, 100ms) and the flush of agent
 * renewals ({@code cairn.coordinator.agent-renewal-flush}, 2s) are read by their {@code @Scheduled}
 * methods directly, with those defaults.
 *
 * @param advertisedUrl base URL agents use to reach Cairn (acks, declines); unset: http://127.0.0.1 and
 *     the local server port, which suits agents on the same host
 * @param agentLiveness an agent not seen for longer than this is missing, and no checkpoint is triggered
 * @param discardThreads threads deleting the directories of failed checkpoints, off the trigger path
 * @param scheduleRefresh the scheduler reads running jobs' intervals again at least this often, for
 *     changes made through another replica (changes made here are seen at once)
 */
@Validated
@ConfigurationProperties("cairn.coordinator")
public record CoordinatorProperties(
        String advertisedUrl,
        @DefaultValue("60s") Duration agentLiveness,
        @DefaultValue("2") int discardThreads,
        @DefaultValue("10s") Duration scheduleRefresh) {}
