package io.cairn.cluster;

/**
 * This replica is about to give the job's lease up (rebalancing): it ends what it has in flight
 * for the job while it can still record that, before another replica takes over.
 */
public record JobLeaseReleasing(long jobPk) {}
