package io.cairn.flink;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Flink's own checkpoints may be adopted from.
 *
 * @param checkpointRoots directories Flink jobs write checkpoints into (their
 *     {@code execution.checkpointing.dir}), or roots above them; only job directories under one of
 *     them are adopted. They must not overlap Cairn's own roots, whose orphan sweep would otherwise
 *     take Flink's directories for unknown jobs.
 * @param orphanGracePeriod files younger than this are never reported as orphans: a running Flink
 *     uploads state before the {@code _metadata} naming it exists
 */
@Validated
@ConfigurationProperties("cairn.flink")
public record FlinkProperties(
        @DefaultValue("file:./data/flink") List<String> checkpointRoots,
        @DefaultValue("1h") Duration orphanGracePeriod) {}
