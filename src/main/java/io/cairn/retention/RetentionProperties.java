package io.cairn.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Cairn deletes.
 *
 * @param deletionThreads workers deleting files in parallel (the bound on load put on the file system)
 * @param retryDelay a failed deletion is retried after this long, and again until it succeeds
 * @param orphanSweepEnabled also sweep orphans periodically (always a real sweep, past the grace period)
 * @param orphanSweepInterval how often, when enabled
 * @param orphanGracePeriod files younger than this are never orphans; unset: twice the largest
 *     checkpoint timeout of any job (a checkpoint still being written is never swept)
 */
@Validated
@ConfigurationProperties("cairn.retention")
public record RetentionProperties(
        @DefaultValue("4") int deletionThreads,
        @DefaultValue("30s") Duration retryDelay,
        @DefaultValue("true") boolean orphanSweepEnabled,
        @DefaultValue("1h") Duration orphanSweepInterval,
        Duration orphanGracePeriod) {}
