package io.cairn.retention;

import java.util.Map;
import java.util.Set;

import io.cairn.catalog.CheckpointStatus;

/**
 * What the catalog references, as the orphan scan compares storage against it. A port, so the
 * scan's rules are tested on a real directory tree without a database; {@link JpaCatalogReferences}
 * reads the catalog.
 */
interface CatalogReferences {

    /** Every registered job, by id, with the checkpoint root its directory lies under. */
    Map<String, KnownJob> jobs();

    /** The external paths of savepoints whose files should exist (pending, completed, retained, being discarded). */
    Set<String> savepointPaths();

    /** A job as the scan needs it. */
    interface KnownJob {

        String checkpointRoot();

        /** The status of each of its checkpoints, by id. */
        Map<Long, CheckpointStatus> checkpointStatuses();

        /** Keys under its {@code shared/} an entry names (live, or being discarded). */
        Set<String> sharedKeys();
    }
}
