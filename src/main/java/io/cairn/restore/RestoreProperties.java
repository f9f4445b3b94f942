package io.cairn.restore;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restores.
 *
 * @param allowedRoots roots an external {@code _metadata} path may lie under, besides the
 *     checkpoint and savepoint roots, which are always allowed
 * @param agentWaitTimeout how long a restore waits for its job's agents (a new job resuming from a
 *     checkpoint, or a rescale); then it fails naming the subtasks still missing, and the job
 *     checkpoints again
 */
@ConfigurationProperties("cairn.restore")
public record RestoreProperties(
        @DefaultValue List<String> allowedRoots,
        @DefaultValue("10m") Duration agentWaitTimeout) {}
