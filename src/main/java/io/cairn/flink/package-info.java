/**
 * Apache Flink's own snapshots under Cairn, without a line of Flink: a reader of the
 * {@code _metadata} files Flink 1.15 to 2.x write ({@link io.cairn.flink.FlinkMetadataReader}),
 * the files each snapshot references, and what that allows: cataloguing a Flink checkpoint
 * directory, finding what nothing references, and deleting a snapshot's files and only those.
 */
package io.cairn.flink;
