package io.cairn.job;

/**
 * A job was registered or its checkpointing settings changed; published inside the change's
 * transaction, so listeners that read the catalog listen after commit.
 */
public record JobCheckpointingChanged(long jobPk, String jobId) {}
