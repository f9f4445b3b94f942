package io.cairn.job;

import java.util.HashMap;
import java.util.Map;

import io.cairn.common.JobTag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Subtasks of each running job without a registered agent, refreshed every few seconds with two
 * queries for all jobs (not one per job per scrape): such a job takes no checkpoint.
 */
@Component
class AgentMetrics {

    private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);

    private final JobRepository jobs;
    private final AgentRepository agents;
    private final MultiGauge missing;

    AgentMetrics(JobRepository jobs, AgentRepository agents, MeterRegistry registry) {
        this.jobs = jobs;
        this.agents = agents;
        this.missing = MultiGauge.builder("cairn.agents.missing")
                .description("Subtasks of a running job without a registered agent; the job takes no checkpoint")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${cairn.coordinator.agent-metrics-interval:10s}", initialDelay = 1_000)
    void refresh() {
        runOnce();
    }

    void runOnce() {
        try {
            Map<Long, Long> registered = new HashMap<>();
            agents.countByJob().forEach(row -> registered.put((Long) row[0], (Long) row[1]));
            missing.register(
                    jobs.findByState(JobState.RUNNING).stream()
                            .map(job -> MultiGauge.Row.of(
                                    Tags.of(JobTag.NAME, job.getJobId()),
                                    Math.max(0, job.totalSubtasks() - registered.getOrDefault(job.getId(), 0L))))
                            .toList(),
                    true);
        } catch (RuntimeException e) {
            log.warn("Could not count missing agents; retrying: {}", e.getMessage());
        }
    }
}
