/**
 * The agent SDK: what an engine's task embeds to take part in Cairn's checkpoints. A
 * {@link io.cairn.agent.sdk.CheckpointAgent} serves the agent endpoints on its own port,
 * registers with Cairn and renews, runs the task's {@link io.cairn.agent.sdk.SnapshotTaker} on
 * each trigger, writes state through Hadoop's {@code FileSystem} into the directories the trigger
 * names (or inline, when small), and acknowledges or declines. Plain Java: no Spring, so it can
 * become an artifact of its own; it depends only on the protocol records, Jackson and Hadoop.
 */
package io.cairn.agent.sdk;
