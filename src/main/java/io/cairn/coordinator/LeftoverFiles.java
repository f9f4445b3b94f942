package io.cairn.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.cairn.catalog.SharedStateRepository;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.StateHandleRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what a checkpoint that did not complete wrote, off the caller's thread: its directory,
 * and the shared files its acks created that no catalog entry knows (shared files are written
 * before the ack, so an abort after some acks would otherwise leave them behind). A failure here
 * only logs: the orphan sweep finds whatever stays.
 */
@Component
class LeftoverFiles {

    private static final Logger log = LoggerFactory.getLogger(LeftoverFiles.class);

    private final StorageLookup storage;
    private final SharedStateRepository sharedState;
    private final ScheduledExecutorService background;

    LeftoverFiles(StorageLookup storage, SharedStateRepository sharedState, ScheduledExecutorService coordinatorTimer) {
        this.storage = storage;
        this.sharedState = sharedState;
        this.background = coordinatorTimer;
    }

    /** The files of a checkpoint that ended without completing. */
    void discard(PendingCheckpoint checkpoint) {
        List<Acknowledge> acks = checkpoint.acks().stream()
                .map(PendingCheckpoint.ReceivedAck::ack)
                .toList();
        background.execute(
                () -> discard(checkpoint.jobId, checkpoint.jobPk, checkpoint.checkpointId, checkpoint.type, acks));
    }

    /** An ack for a checkpoint that already ended: whatever it wrote that nothing references. */
    void discardLateAck(String jobId, long jobPk, Acknowledge ack) {
        // An ended checkpoint's kind is no longer known: a savepoint's late files are left to the orphan sweep.
        background.execute(
                () -> discard(jobId, jobPk, ack.checkpointId(), new SnapshotType.Checkpoint(), List.of(ack)));
    }

    private void discard(String jobId, long jobPk, long checkpointId, SnapshotType type, List<Acknowledge> acks) {
        try {
            type.discard(storage, jobPk, jobId, checkpointId);
            if (type.selfContained()) {
                return;
            }
            List<String> unreferenced = new ArrayList<>();
            for (Acknowledge ack : acks) {
                for (StateHandleRef handle : ack.handles()) {
                    if (handle.location() == StateHandleRef.Location.SHARED
                            && handle.newlyCreated()
                            && sharedState
                                    .findByJobPkAndStateKey(jobPk, handle.path())
                                    .isEmpty()) {
                        unreferenced.add(handle.path());
                    }
                }
            }
            if (!unreferenced.isEmpty()) {
                storage.of(jobPk).discardSharedState(jobId, unreferenced);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not delete the files of checkpoint {} of job {}; the orphan sweep will: {}",
                    checkpointId,
                    jobId,
                    e.getMessage());
        }
    }
}
