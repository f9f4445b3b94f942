package io.cairn.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cairn.agentclient.AgentSecretLookup;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Jobs' agent secrets, read from the catalog and kept for a short while: every ack is checked
 * against one, and a database read each time would sit on the checkpoint's critical path. A
 * rotation here evicts at once; another replica's rotation is seen within {@link #FRESH_FOR}.
 */
@Component
class AgentSecrets implements AgentSecretLookup {

    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private final JobRepository jobs;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    AgentSecrets(JobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public Optional<String> secretOf(String jobId) {
        Instant now = clock.instant();
        Cached cached = cache.get(jobId);
        if (cached == null || cached.readAt.plus(FRESH_FOR).isBefore(now)) {
            cached = new Cached(jobs.agentSecretOf(jobId).orElse(null), now);
            if (cached.secret != null) {
                cache.put(jobId, cached);
            }
        }
        return Optional.ofNullable(cached.secret);
    }

    @EventListener
    void onRotated(AgentSecretRotated rotated) {
        cache.remove(rotated.jobId());
    }

    private record Cached(String secret, Instant readAt) {}
}
