package io.cairn.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.cairn.common.InvalidRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers and renews the agents of running jobs, one per (task, subtask). */
@Service
@Transactional
public class AgentRegistry {

    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    private final JobFinder finder;
    private final AgentRepository agents;
    private final ApplicationEventPublisher events;
    private final AgentNetworks networks;
    private final Clock clock;

    AgentRegistry(
            JobFinder finder,
            AgentRepository agents,
            ApplicationEventPublisher events,
            AgentNetworks networks,
            Clock clock) {
        this.networks = networks;
        this.finder = finder;
        this.agents = agents;
        this.events = events;
        this.clock = clock;
    }

    Registration register(String jobId, String taskId, int subtask, String url, boolean batched) {
        String checkedUrl = checkUrl(url);
        Job job = finder.require(jobId);
        networks.requireAllowed(URI.create(checkedUrl).getHost());
        if (!job.hasSubtask(taskId, subtask)) {
            throw new UnknownSubtask(jobId, taskId, subtask, describeTasks(job));
        }
        job.requireRunning("joined by an agent");
        events.publishEvent(new AgentRegistered(job.getId(), jobId, taskId, subtask));
        Optional<Agent> existing = agents.findByJobPkAndTaskIdAndSubtask(job.getId(), taskId, subtask);
        if (existing.isPresent()) {
            if (!existing.get().getUrl().equals(checkedUrl)) {
                log.atInfo()
                        .addKeyValue("cairn.job", jobId)
                        .log("Agent of {}/{} of job {} moved to {}", taskId, subtask, jobId, checkedUrl);
            }
            existing.get().renew(checkedUrl, batched, clock.instant());
            return new Registration(existing.get(), false);
        }
        log.atInfo()
                .addKeyValue("cairn.job", jobId)
                .log("Registered the agent of {}/{} of job {} at {}", taskId, subtask, jobId, checkedUrl);
        return new Registration(
                agents.save(new Agent(job.getId(), taskId, subtask, checkedUrl, batched, clock.instant())), true);
    }

    /** The agents of a job, ordered by task and subtask. */
    @Transactional(readOnly = true)
    public List<Agent> agentsOf(Job job) {
        return agents.findByJobPkOrderByTaskIdAscSubtaskAsc(job.getId());
    }

    @Transactional(readOnly = true)
    AgentsView overview(String jobId) {
        Job job = finder.require(jobId);
        List<Agent> registered = agentsOf(job);
        return new AgentsView(
                job.totalSubtasks(),
                registered.size(),
                missing(job, registered),
                registered.stream().map(AgentView::from).toList());
    }

    /** The subtasks ({@code taskId/subtask}) of the job that have no registered agent, in task order. */
    @Transactional(readOnly = true)
    public List<String> missingSubtasks(Job job) {
        return missing(job, agentsOf(job));
    }

    private static List<String> missing(Job job, List<Agent> registered) {
        Set<String> present = new HashSet<>();
        registered.forEach(agent -> present.add(agent.getTaskId() + "/" + agent.getSubtask()));
        List<String> missing = new ArrayList<>();
        for (JobTask task : job.getTasks()) {
            for (int subtask = 0; subtask < task.parallelism(); subtask++) {
                String key = task.taskId() + "/" + subtask;
                if (!present.contains(key)) {
                    missing.add(key);
                }
            }
        }
        return missing;
    }

    record Registration(Agent agent, boolean created) {}

    private static String describeTasks(Job job) {
        return job.getTasks().stream()
                .map(task -> task.taskId() + " (subtasks 0-" + (task.parallelism() - 1) + ")")
                .toList()
                .toString();
    }

    /** An agent URL must be an absolute http(s) URL with a host and nothing Cairn would not send to. */
    private static String checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidRequest("url", "url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRequest("url", "url must start with http:// or https://, e.g. http://10.0.3.17:9250");
        }
        if (uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new InvalidRequest("url", "url must name a host and carry no user info, query or fragment");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
