package io.cairn.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
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

    private final ClusterProperties properties;
    private final String replicaId;
    private final LeaseStore store;
    private final JobOwnership ownership;
    private final ApplicationEventPublisher events;
    private volatile String url;

    LeaseKeeper(
            ClusterProperties properties,
            ReplicaId replicaId,
            LeaseStore store,
            JobOwnership ownership,
            ApplicationEventPublisher events,
            @Value("${cairn.coordinator.advertised-url:}") String advertisedUrl) {
        this.properties = properties;
        this.replicaId = replicaId.get();
        this.store = store;
        this.ownership = ownership;
        this.events = events;
        this.url = advertisedUrl.isBlank() ? null : advertisedUrl;
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (url == null) {
            url = "http://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    @Scheduled(fixedDelayString = "${cairn.cluster.lease-renewal:5s}")
    void tick() {
        if (!properties.enabled() || url == null) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            // Leases not renewed lapse by themselves: this replica stops acting on them in time.
            log.warn("Lease renewal of replica {} failed: {}", replicaId, e.getMessage());
        }
    }

    void runOnce() {
        store.heartbeat(replicaId, url);
        int live = Math.max(1, store.liveReplicas(properties.leaseTtl()).size());
        List<Long> running = store.runningJobs();
        int share = (running.size() + live - 1) / live;
        Set<Long> held = new HashSet<>();
        for (long job : ownership.heldJobs()) {
            if (!running.contains(job)) {
                store.release(job, replicaId);
                ownership.lost(job);
            } else if (renew(job)) {
                held.add(job);
            }
        }
        if (held.size() > share) {
            long giveUp = held.stream().max(Long::compare).orElseThrow();
            events.publishEvent(new JobLeaseReleasing(giveUp));
            ownership.lost(giveUp);
            store.release(giveUp, replicaId);
            log.info(
                    "Replica {} hands job {} over ({} jobs, {} live replicas)",
                    replicaId,
                    giveUp,
                    running.size(),
                    live);
            return;
        }
        List<Long> candidates = new ArrayList<>(running);
        candidates.removeAll(held);
        for (long job : candidates) {
            if (held.size() >= share) {
                break;
            }
            if (renew(job)) {
                held.add(job);
                log.info("Replica {} coordinates job {} (epoch {})", replicaId, job, ownership.epochOf(job));
                events.publishEvent(new JobLeaseTaken(job, ownership.epochOf(job)));
            }
        }
    }

    private boolean renew(long job) {
        long sentAt = ownership.nanos();
        OptionalLong epoch = store.take(job, replicaId, properties.leaseTtl());
        if (epoch.isPresent()) {
            ownership.confirmed(job, epoch.getAsLong(), sentAt);
            return true;
        }
        ownership.lost(job);
        return false;
    }
}
