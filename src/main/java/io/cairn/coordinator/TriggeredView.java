package io.cairn.coordinator;

import java.time.Instant;

import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.protocol.Alignment;

/**
 * Answer to a trigger: the checkpoint or savepoint is PENDING under this id; follow its Location
 * to see it end.
 *
 * @param directory where its files go; for a savepoint, the directory to restore from or keep
 */
record TriggeredView(
        long checkpointId,
        CheckpointKind kind,
        Alignment alignment,
        CheckpointStatus status,
        Instant triggeredAt,
        String directory) {

    static TriggeredView of(CheckpointTrigger.Triggered triggered) {
        return new TriggeredView(
                triggered.checkpointId(),
                triggered.kind(),
                triggered.alignment(),
                CheckpointStatus.PENDING,
                triggered.triggeredAt(),
                triggered.directory());
    }
}
