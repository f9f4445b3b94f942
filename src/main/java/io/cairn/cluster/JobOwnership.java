package io.cairn.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.cairn.catalog.FencedOut;
import io.cairn.catalog.WriteFence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which jobs this replica coordinates, at which epoch, and until when it may act on each without a
 * newer confirmation. A single replica (the default) owns every job and fences nothing.
 */
@Component
public class JobOwnership implements WriteFence {

    private final boolean enabled;
    private final String replicaId;
    private final LeaseStore store;
    private final Duration actFor;
    private final LongSupplier nanos;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    /** Jobs just taken whose previous coordinator's leftovers are being settled: fenced writes only, no new work. */
    private final Set<Long> settling = ConcurrentHashMap.newKeySet();
    /** Writes refused by the fence; counted by {@code cairn_cluster_fenced_writes_total} when registered. */
    private final Counter fencedWrites;

    @Autowired
    JobOwnership(ClusterProperties properties, ReplicaId replicaId, LeaseStore store, MeterRegistry meters) {
        this(properties, replicaId.get(), store, System::nanoTime, meters);
    }

    JobOwnership(
            ClusterProperties properties,
            String replicaId,
            LeaseStore store,
            LongSupplier nanos,
            MeterRegistry meters) {
        this.fencedWrites = Counter.builder("cairn.cluster.fenced.writes")
                .description("Catalog writes refused because this replica no longer held the job's lease epoch")
                .register(meters);
        this.enabled = properties.enabled();
        this.replicaId = replicaId;
        this.store = store;
        // A lease runs for its TTL from when the database renewed it, which is after the renewal
        // was sent: acting stops a safety margin before the earliest moment it could expire.
        this.actFor = properties.leaseTtl().minus(properties.safetyMargin());
        this.nanos = nanos;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether this replica may start or finish work on the job now: it holds the lease, has
     * confirmed it recently enough, and has settled what the previous coordinator left.
     */
    public boolean owns(long jobPk) {
        return !enabled || (mayWrite(jobPk) && !settling.contains(jobPk));
    }

    private boolean mayWrite(long jobPk) {
        Held lease = held.get(jobPk);
        return lease != null && nanos.getAsLong() - lease.actUntilNanos < 0;
    }

    @Override
    public void check(long jobPk) {
        if (!enabled) {
            return;
        }
        Held lease = held.get(jobPk);
        if (lease == null || !mayWrite(jobPk)) {
            fencedWrites.increment();
            throw new FencedOut(jobPk, "Replica '" + replicaId + "' does not hold the lease of job " + jobPk);
        }
        if (!store.holds(jobPk, replicaId, lease.epoch())) {
            held.remove(jobPk, lease);
            fencedWrites.increment();
            throw new FencedOut(
                    jobPk,
                    "Replica '" + replicaId + "' lost the lease of job " + jobPk + " (epoch " + lease.epoch() + ")");
        }
    }

    /**
     * Whether this replica should do a piece of cluster-wide work now (the periodic orphan sweep):
     * always alone; with several replicas, only while it holds that work's singleton lease, which
     * it keeps by doing the work at least once per {@code holdFor} and which moves to another
     * replica when it stops.
     */
    public boolean runsSingleton(String name, Duration holdFor) {
        return !enabled || store.takeSingleton(name, replicaId, holdFor);
    }

    /** With several replicas, the replica holding the job's live lease; empty with one replica. */
    public Optional<String> coordinatorOf(long jobPk) {
        return enabled ? store.owner(jobPk) : Optional.empty();
    }

    /** The epoch this replica acts on for the job, or -1 when it does not hold it. */
    public long epochOf(long jobPk) {
        Held lease = held.get(jobPk);
        return lease == null ? -1 : lease.epoch();
    }

    Set<Long> heldJobs() {
        return Set.copyOf(held.keySet());
    }

    /** A take or renewal sent at {@code sentAtNanos} succeeded with this epoch. */
    void confirmed(long jobPk, long epoch, long sentAtNanos) {
        held.put(jobPk, new Held(epoch, sentAtNanos + actFor.toNanos()));
    }

    /**
     * A job just taken: until {@link #settled}, the replica's writes pass the fence (settling
     * needs them) but it starts and finishes no checkpoint of its own, so settling never meets one.
     */
    void settling(long jobPk) {
        settling.add(jobPk);
    }

    void settled(long jobPk) {
        settling.remove(jobPk);
    }

    void lost(long jobPk) {
        held.remove(jobPk);
        settling.remove(jobPk);
    }

    long nanos() {
        return nanos.getAsLong();
    }

    private record Held(long epoch, long actUntilNanos) {}
}
