package io.cairn.job;

/**
 * Published inside a job's registration transaction, after its row is written, when the request
 * asks to resume from a checkpoint. A listener that throws refuses the registration: nothing of
 * the job is kept.
 */
public record JobRegistering(Job job, RestoreFrom restoreFrom) {
}
