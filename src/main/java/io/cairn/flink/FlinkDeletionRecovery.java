package io.cairn.flink;

import io.cairn.catalog.FlinkCheckpointEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** On start, finishes the Flink checkpoint deletions a stop cut short, from their journals. */
@Component
class FlinkDeletionRecovery {

    private static final Logger log = LoggerFactory.getLogger(FlinkDeletionRecovery.class);

    private final FlinkCatalog catalog;
    private final FlinkCheckpointDeletion deletion;

    FlinkDeletionRecovery(FlinkCatalog catalog, FlinkCheckpointDeletion deletion) {
        this.catalog = catalog;
        this.deletion = deletion;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        for (FlinkCheckpointEntry entry : catalog.discarding()) {
            catalog.jobOf(entry).ifPresent(job -> {
                try {
                    deletion.finish(job, entry);
                } catch (RuntimeException e) {
                    log.warn(
                            "Finishing the deletion of Flink checkpoint {} of job {} failed; a DELETE of it retries: {}",
                            entry.getCheckpointId(),
                            job.getFlinkJobId(),
                            e.getMessage());
                }
            });
        }
    }
}
