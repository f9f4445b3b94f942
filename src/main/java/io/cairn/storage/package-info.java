/**
 * Where checkpoints live: the directory layout {@code <root>/<job-id>/{shared,taskowned,chk-N}},
 * the {@code _metadata} format, its atomic publication, reads, listings, sizes and deletes.
 * {@link io.cairn.storage.CheckpointStorage} is the port; the one implementation speaks Hadoop's
 * {@code FileSystem} API and serves {@code file://} and {@code hdfs://} roots. This is the only
 * package that imports Hadoop.
 */
package io.cairn.storage;
