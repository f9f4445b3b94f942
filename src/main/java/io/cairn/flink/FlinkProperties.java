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
 *     them are adopted, and none is by default. They must not overlap Cairn's own roots, whose
 *     orphan sweep would otherwise take Flink's directories for unknown jobs.
 * @param orphanGracePeriod files younger than this are never reported as orphans: a running Flink
 *     uploads state before the {@code _metadata} naming it exists
 * @param operationTimeout how long Cairn waits for a checkpoint, savepoint or stop it triggered through Flink's REST API
 * @param pollInterval how often it asks Flink whether such an operation is done
 * @param followInterval how often the statistics of followed jobs (those with a REST URL) are read and their
 *     directories scanned; 0 turns following off
 */
@Validated
@ConfigurationProperties("cairn.flink")
public record FlinkProperties(
        @DefaultValue List<String> checkpointRoots,
        @DefaultValue("1h") Duration orphanGracePeriod,
        @DefaultValue("10m") Duration operationTimeout,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("30s") Duration followInterval) {}
