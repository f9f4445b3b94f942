package io.cairn.coordinator;

import java.time.Instant;

import io.cairn.agent.Alignment;
import io.cairn.catalog.CheckpointStatus;

/** Answer to a trigger: the checkpoint is PENDING under this id; follow its Location to see it end. */
record TriggeredView(long checkpointId, Alignment alignment, CheckpointStatus status, Instant triggeredAt) {
}
