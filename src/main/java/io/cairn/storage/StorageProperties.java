package io.cairn.storage;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Cairn keeps checkpoints and savepoints.
 *
 * @param checkpointRoot root of the job directories; {@code file:} (relative paths resolve against
 *     the working directory), {@code hdfs://namenode:port/path} or {@code s3a://bucket/path}
 * @param savepointRoot root under which savepoint directories are created
 * @param hadoopConfDir directory holding {@code core-site.xml} and {@code hdfs-site.xml}; when unset,
 *     the {@code HADOOP_CONF_DIR} environment variable is honoured
 * @param allowedRoots roots a job may name as its own {@code checkpointRoot} besides
 *     {@code checkpointRoot} itself; a job's root must lie under one of them
 * @param hadoopProperties Hadoop client settings applied over the configuration files (for example
 *     {@code dfs.client.socket-timeout}, {@code fs.s3a.endpoint}); never credentials, which S3A reads
 *     from the environment or the pod's identity)
 */
@Validated
@ConfigurationProperties("cairn.storage")
public record StorageProperties(
        @NotBlank @DefaultValue("file:./data/checkpoints") String checkpointRoot,
        @NotBlank @DefaultValue("file:./data/savepoints") String savepointRoot,
        String hadoopConfDir,
        @DefaultValue List<String> allowedRoots,
        @DefaultValue Map<String, String> hadoopProperties) {}
