/**
 * The checkpoint coordinator: triggers checkpoints (on demand and periodically), fans the trigger
 * out to every agent, tracks acknowledgements, completes a checkpoint by publishing its
 * {@code _metadata} and committing it, and aborts on decline, expiry or a lost agent. It also
 * serves checkpoint history and statistics, metrics and per-job checkpointing health.
 */
package io.cairn.coordinator;
