package io.cairn.job;

/** A job's agent secret was replaced; the old one no longer signs anything. */
record AgentSecretRotated(String jobId) {}
