package io.cairn.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several replicas on one PostgreSQL catalog.
 *
 * @param enabled off (the default, and always with H2): this replica coordinates every job, as a
 *     single replica does; on: jobs are shared out under leases
 * @param replicaId this replica's name among the others; a generated one when unset
 * @param leaseTtl how long a lease lasts without renewal, by the database's clock
 * @param leaseRenewal how often leases are renewed and the replica heartbeats
 * @param safetyMargin how long before its lease could expire a replica that has not confirmed a
 *     renewal stops acting on the job
 */
@ConfigurationProperties("cairn.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        String replicaId,
        @DefaultValue("15s") Duration leaseTtl,
        @DefaultValue("5s") Duration leaseRenewal,
        @DefaultValue("3s") Duration safetyMargin) {}
