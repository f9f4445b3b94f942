package io.cairn.job;

/**
 * Published after a job's end is committed, for the features that act on it (retention applies
 * the job's retention mode; the coordinator stops its schedule and aborts what is pending).
 */
public record JobEnded(long jobPk, String jobId, JobState state) {}
