package io.cairn.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Renewals of agents this replica registered, answered from memory: the agent is known, at the
 * same URL, of a job that has not ended here. Their last-seen times are written in one batch every
 * {@code cairn.coordinator.agent-renewal-flush} (2 s), well inside the 60 s liveness. With each
 * batch, the agents checked longer than {@link #RECHECK_AFTER} ago are checked again against the
 * catalog in one query (the row is still there at the same URL and its job still runs), so a job
 * ended or rescaled through another replica refuses its agents within about that time. A new
 * agent, a moved one, one whose check failed or is older than {@link #TRUSTED_FOR} (the catalog
 * unreachable), and the agents of a job ended or rescaled here go through {@link AgentRegistry}.
 * At 1,000 agents renewing every 10 s, the registry path was a sixth of a replica's CPU; at 1,500,
 * one renewal in three still taking it (every 30 s) was 7%. An accepted ack of an agent known here
 * counts as its renewal ({@link #renewedByAck}): an ack shows the agent alive as well as a renewal
 * does, and an agent of a job that checkpoints more often than it renews then need not renew.
 */
@Component
public class AgentRenewals implements DisposableBean {

    static final Duration RECHECK_AFTER = Duration.ofSeconds(15);
    static final Duration TRUSTED_FOR = Duration.ofSeconds(30);
    /**
     * An ack's sighting is written at most this often per agent, as often as renewals used to write
     * it: a job checkpointing every second would otherwise rewrite each agent's row at every flush.
     */
    static final Duration ACK_SIGHTINGS_WRITTEN_EVERY = Duration.ofSeconds(10);
    /** Ids per checking query: well inside every database's limit on bound parameters. */
    private static final int CHECKS_PER_QUERY = 500;

    private static final Logger log = LoggerFactory.getLogger(AgentRenewals.class);
    private static final String TOUCH = "UPDATE agents SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<Key, Known> known = new ConcurrentHashMap<>();

    AgentRenewals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The renewed agent, if it could be renewed from memory; empty when the registry must decide. */
    Optional<AgentView> renewIfKnown(String jobId, String taskId, int subtask, String url, boolean batched) {
        Instant now = clock.instant();
        Known agent = known.get(new Key(jobId, taskId, subtask));
        if (agent == null || !agent.renewableAt(url, batched, now)) {
            return Optional.empty();
        }
        return Optional.of(agent.seen(now));
    }

    /**
     * Counts an ack as the agent's renewal, when this replica can renew it from memory (it
     * registered the agent, at a URL the catalog still holds, of a job still running).
     *
     * @return whether it did; if not, the agent must renew as usual
     */
    public boolean renewedByAck(String jobId, String taskId, int subtask) {
        Instant now = clock.instant();
        Known agent = known.get(new Key(jobId, taskId, subtask));
        if (agent == null || !agent.trustedAt(now)) {
            return false;
        }
        agent.seenAcking(now);
        return true;
    }

    /** An agent the registry has just registered or renewed. */
    void remember(String jobId, String requestedUrl, Agent agent) {
        remember(jobId, requestedUrl, agent.getId(), AgentView.from(agent));
    }

    void remember(String jobId, String requestedUrl, long agentPk, AgentView agent) {
        known.put(
                new Key(jobId, agent.taskId(), agent.subtask()),
                new Known(
                        agentPk,
                        agent.taskId(),
                        agent.subtask(),
                        requestedUrl,
                        agent.url(),
                        agent.batched(),
                        agent.registeredAt(),
                        clock.instant()));
    }

    /** The job's agents go through the registry again (rescaled: some subtasks may be gone). */
    void forget(String jobId) {
        known.keySet().removeIf(key -> key.jobId().equals(jobId));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onJobEnded(JobEnded ended) {
        forget(ended.jobId());
    }

    @Scheduled(fixedDelayString = "${cairn.coordinator.agent-renewal-flush:2s}")
    void tick() {
        runOnce();
    }

    /** Writes the renewals since the last run, then checks again those due. */
    void runOnce() {
        flush();
        recheck();
    }

    /**
     * Checks again the agents checked longer than {@link #RECHECK_AFTER} ago: those whose row is
     * still there at the same URL and batching, of a job still RUNNING, stay answered from memory; the others
     * go through the registry on their next renewal.
     */
    void recheck() {
        Instant now = clock.instant();
        Map<Long, Map.Entry<Key, Known>> due = new HashMap<>();
        known.entrySet().stream()
                .filter(entry -> entry.getValue().checkedBefore(now.minus(RECHECK_AFTER)))
                .forEach(entry -> due.put(entry.getValue().agentPk, entry));
        List<Long> ids = new ArrayList<>(due.keySet());
        for (int from = 0; from < ids.size(); from += CHECKS_PER_QUERY) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + CHECKS_PER_QUERY));
            Map<Long, Address> current = new HashMap<>();
            try {
                jdbc.query(
                        "SELECT a.id, a.url, a.batched FROM agents a JOIN jobs j ON j.id = a.job_pk"
                                + " WHERE j.state = 'RUNNING' AND a.id IN ("
                                + String.join(",", Collections.nCopies(batch.size(), "?")) + ")",
                        row -> {
                            current.put(row.getLong(1), new Address(row.getString(2), row.getBoolean(3)));
                        },
                        batch.toArray());
            } catch (RuntimeException e) {
                // Checked again at the next flush; past TRUSTED_FOR they go through the registry.
                log.warn("Could not check {} agents against the catalog: {}", batch.size(), e.getMessage());
                continue;
            }
            for (long agentPk : batch) {
                Map.Entry<Key, Known> entry = due.get(agentPk);
                if (entry.getValue().address().equals(current.get(agentPk))) {
                    entry.getValue().checked(now);
                } else {
                    known.remove(entry.getKey(), entry.getValue());
                }
            }
        }
    }

    /** Writes the last-seen times renewed in memory since the last flush, in one batch. */
    void flush() {
        List<Object[]> touched = new ArrayList<>();
        for (Known agent : known.values()) {
            Instant seen = agent.takeUnwritten();
            if (seen != null) {
                OffsetDateTime at = OffsetDateTime.ofInstant(seen, ZoneOffset.UTC);
                touched.add(new Object[] {at, agent.agentPk, at});
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate(TOUCH, touched);
        } catch (RuntimeException e) {
            // Liveness is 60 s against a 10 s renewal: the next renewals write it again.
            log.warn("Could not record the last-seen times of {} agents: {}", touched.size(), e.getMessage());
        }
    }

    @Override
    public void destroy() {
        flush();
    }

    private record Key(String jobId, String taskId, int subtask) {}

    /** Where an agent listens and whether it takes batched calls there, as the catalog holds it. */
    private record Address(String url, boolean batched) {}

    /** An agent as the registry checked it, with its last renewal and whether that is written yet. */
    private static final class Known {

        private final long agentPk;
        private final String taskId;
        private final int subtask;
        /** The URL as the agent sends it: a renewal must send the very same to be answered here. */
        private final String requestedUrl;
        /** The URL as the registry stored it. */
        private final String url;

        private final boolean batched;

        private final Instant registeredAt;
        private volatile Instant checkedAt;
        private Instant lastSeen;
        private Instant unwritten;
        /** The last sighting handed to a flush. */
        private Instant written;

        Known(
                long agentPk,
                String taskId,
                int subtask,
                String requestedUrl,
                String url,
                boolean batched,
                Instant registeredAt,
                Instant checkedAt) {
            this.agentPk = agentPk;
            this.taskId = taskId;
            this.subtask = subtask;
            this.requestedUrl = requestedUrl;
            this.url = url;
            this.batched = batched;
            this.registeredAt = registeredAt;
            this.checkedAt = checkedAt;
            this.lastSeen = checkedAt;
        }

        boolean checkedBefore(Instant at) {
            return checkedAt.isBefore(at);
        }

        void checked(Instant at) {
            checkedAt = at;
        }

        boolean renewableAt(String requested, boolean requestedBatched, Instant now) {
            return requestedUrl.equals(requested) && requestedBatched == batched && trustedAt(now);
        }

        /** What a recheck compares with the catalog's row. */
        Address address() {
            return new Address(url, batched);
        }

        boolean trustedAt(Instant now) {
            return !checkedAt.plus(TRUSTED_FOR).isBefore(now);
        }

        synchronized AgentView seen(Instant at) {
            lastSeen = at;
            unwritten = at;
            return new AgentView(taskId, subtask, url, batched, registeredAt, lastSeen);
        }

        /** Seen through an ack: written with the next flush only if none was written lately. */
        synchronized void seenAcking(Instant at) {
            lastSeen = at;
            if (unwritten != null || written == null || !at.isBefore(written.plus(ACK_SIGHTINGS_WRITTEN_EVERY))) {
                unwritten = at;
            }
        }

        synchronized Instant takeUnwritten() {
            Instant at = unwritten;
            unwritten = null;
            if (at != null) {
                written = at;
            }
            return at;
        }
    }
}
