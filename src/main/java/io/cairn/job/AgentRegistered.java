package io.cairn.job;

/** Published after an agent's registration or renewal is committed. */
public record AgentRegistered(long jobPk, String jobId, String taskId, int subtask) {}
