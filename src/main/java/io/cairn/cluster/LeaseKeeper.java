package io.cairn.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * With several replicas: heartbeats this replica, renews the leases it holds, and takes or gives
 * up leases so each live replica coordinates about its fair share of the running jobs. Jobs move
 * one at a time per renewal, so a joining or leaving replica shifts the load gradually.
 */
@Component
class LeaseKeeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Duration CLAIM_EVERY = Duration.ofSeconds(1);

    private final ClusterProperties properties;
    private final String replicaId;
    private final LeaseStore store;
    private final JobOwnership ownership;
    private final ApplicationEventPublisher events;
    private final Counter renewalFailures;
    private final Counter takeovers;
    private volatile String url;
    private boolean started;
    private long lastRenewal;
    private long lastClaim;

    LeaseKeeper(
            ClusterProperties properties,
            ReplicaId replicaId,
            LeaseStore store,
            JobOwnership ownership,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            @Value("${cairn.coordinator.advertised-url:}") String advertisedUrl) {
        this.properties = properties;
        this.replicaId = replicaId.get();
        this.store = store;
        this.ownership = ownership;
        this.events = events;
        this.renewalFailures = Counter.builder("cairn.cluster.lease.renewal.failures")
                .description("Lease renewals that failed (the database unreachable, or the lease lost)")
                .register(meters);
        this.takeovers = Counter.builder("cairn.cluster.takeovers")
                .description("Job leases this replica took from nobody or from a replica whose lease lapsed")
                .register(meters);
        Gauge.builder(
                        "cairn.cluster.owned.jobs",
                        ownership,
                        owned -> owned.heldJobs().size())
                .description("Jobs this replica coordinates")
                .register(meters);
        this.url = advertisedUrl.isBlank() ? null : advertisedUrl;
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (url == null) {
            url = "http://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    @Scheduled(fixedDelay = 200)
    void tick() {
        runOnce();
    }

    /**
     * Renews and rebalances every {@code lease-renewal}; in between, at most every second, looks
     * for jobs whose lease lapsed, so a dead replica's jobs are taken within about a second of
     * their expiry rather than at the next renewal.
     */
    synchronized void runOnce() {
        if (!properties.enabled() || url == null) {
            return;
        }
        long now = ownership.nanos();
        boolean renewal = lastRenewal == 0
                || now - lastRenewal >= properties.leaseRenewal().toNanos();
        boolean claim = now - lastClaim >= Math.min(properties.leaseRenewal().toNanos(), CLAIM_EVERY.toNanos());
        if (!renewal && !claim) {
            return;
        }
        try {
            if (renewal) {
                lastRenewal = now;
                renewAndBalance();
            } else {
                claimLapsed();
            }
            lastClaim = now;
        } catch (RuntimeException e) {
            // Leases not renewed lapse by themselves: this replica stops acting on them in time.
            renewalFailures.increment();
            log.warn("Lease renewal of replica {} failed: {}", replicaId, e.toString());
        }
    }

    private void renewAndBalance() {
        if (!started) {
            // Whatever this id held before a restart is taken again with new epochs.
            store.releaseAll(replicaId);
            started = true;
        }
        store.heartbeat(replicaId, url);
        Set<Long> running = new HashSet<>(store.runningJobs());
        int share = share(running.size());
        Set<Long> held = renewHeld(running);
        if (held.size() > share) {
            long giveUp = held.stream().max(Long::compare).orElseThrow();
            events.publishEvent(new JobLeaseReleasing(giveUp));
            ownership.lost(giveUp);
            store.release(giveUp, replicaId);
            log.info("Replica {} hands job {} over ({} jobs, share {})", replicaId, giveUp, running.size(), share);
            return;
        }
        take(store.takeableJobs(), held, share);
    }

    /** Between renewals: one query, and only when some lease lapsed, the counts that set the share. */
    private void claimLapsed() {
        List<Long> takeable = store.takeableJobs();
        if (!takeable.isEmpty()) {
            take(
                    takeable,
                    new HashSet<>(ownership.heldJobs()),
                    share(store.runningJobs().size()));
        }
    }

    /** About this replica's fair part of the running jobs, among the replicas alive now. */
    private int share(int running) {
        int live = Math.max(1, store.liveReplicas(properties.leaseTtl()).size());
        return (running + live - 1) / live;
    }

    private void take(List<Long> takeable, Set<Long> held, int share) {
        for (long job : takeable) {
            if (held.size() >= share) {
                break;
            }
            ownership.settling(job);
            try {
                if (tryTake(job)) {
                    held.add(job);
                    log.info("Replica {} coordinates job {} (epoch {})", replicaId, job, ownership.epochOf(job));
                    takeovers.increment();
                    // Listeners settle the previous coordinator's leftovers before this replica triggers.
                    events.publishEvent(new JobLeaseTaken(job, ownership.epochOf(job)));
                }
            } finally {
                ownership.settled(job);
            }
        }
    }

    /** Renews every lease held in one statement; forgets those that lapsed, releases ended jobs'. */
    private Set<Long> renewHeld(Set<Long> running) {
        long sentAt = ownership.nanos();
        Map<Long, Long> renewed = store.renewAll(replicaId, properties.leaseTtl());
        for (long job : ownership.heldJobs()) {
            if (!renewed.containsKey(job)) {
                renewalFailures.increment();
                ownership.lost(job);
            }
        }
        Set<Long> held = new HashSet<>();
        renewed.forEach((job, epoch) -> {
            if (!running.contains(job)) {
                ownership.lost(job);
                store.release(job, replicaId);
            } else {
                ownership.confirmed(job, epoch, sentAt);
                held.add(job);
            }
        });
        return held;
    }

    /** False also when the lease row stayed locked (its holder is in a transaction): tried again at the next claim. */
    private boolean tryTake(long job) {
        long sentAt = ownership.nanos();
        OptionalLong epoch;
        try {
            epoch = store.take(job, replicaId, properties.leaseTtl());
        } catch (TransientDataAccessException e) {
            log.info("Replica {} could not take job {} yet: {}", replicaId, job, e.getMessage());
            return false;
        }
        epoch.ifPresent(taken -> ownership.confirmed(job, taken, sentAt));
        return epoch.isPresent();
    }

    /**
     * On a graceful stop (after the coordinator ended what was in flight), the leases are given up
     * at once: the other replicas take the jobs on their next renewal instead of after the TTL.
     */
    @PreDestroy
    synchronized void releaseAll() {
        if (!properties.enabled()) {
            return;
        }
        for (long job : ownership.heldJobs()) {
            ownership.lost(job);
            try {
                store.release(job, replicaId);
            } catch (RuntimeException e) {
                log.warn("Could not release the lease of job {}; it lapses by itself: {}", job, e.getMessage());
            }
        }
    }
}
