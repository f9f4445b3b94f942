package io.cairn.cluster;

/** This replica now coordinates the job at this epoch: what the previous owner left is settled. */
public record JobLeaseTaken(long jobPk, long epoch) {}
