package io.cairn.cluster;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/cluster}: the replicas sharing the catalog and the jobs each coordinates.
 *
 * @param enabled whether jobs are shared out under leases (off: this replica coordinates them all)
 * @param self the replica that answered
 */
public record ClusterView(boolean enabled, String self, List<Replica> replicas) {

    /** A replica, live when it heartbeat within the lease TTL, with the live leases it holds. */
    public record Replica(
            String replicaId, String url, Instant startedAt, Instant lastSeenAt, boolean live, List<Lease> jobs) {}

    /** A job's lease: its owner, its epoch (the fencing token) and when it expires. */
    public record Lease(String jobId, String owner, long epoch, Instant expiresAt, boolean live) {}
}
