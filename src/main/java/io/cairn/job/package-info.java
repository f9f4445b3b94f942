/**
 * Jobs and their agents: registration with the task list and checkpointing configuration,
 * lifecycle (RUNNING, then CANCELED, FAILED or FINISHED), changes to checkpointing knobs by JSON
 * merge patch, and the registry of task agents with their last-seen times.
 */
package io.cairn.job;
