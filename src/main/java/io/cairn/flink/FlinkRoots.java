package io.cairn.flink;

import java.util.ArrayList;
import java.util.List;

import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.springframework.stereotype.Component;

/**
 * The roots Flink writes under ({@code cairn.flink.checkpoint-roots}), kept apart from Cairn's own:
 * a Flink directory inside a Cairn root would look like an unknown job to Cairn's orphan sweep, and
 * a Cairn root inside a Flink root could be taken for Flink's. Overlap stops the start.
 */
@Component
class FlinkRoots {

    private final CheckpointStorages storages;
    private final List<StorageRoot> roots;

    FlinkRoots(FlinkProperties properties, CheckpointStorages storages) {
        this.storages = storages;
        this.roots = properties.checkpointRoots().stream()
                .map(FlinkRoots::parseConfigured)
                .toList();
        List<StorageRoot> cairnRoots = new ArrayList<>(storages.allowedRoots());
        cairnRoots.add(storages.savepointRoot());
        for (StorageRoot flink : roots) {
            for (StorageRoot cairn : cairnRoots) {
                if (flink.contains(cairn) || cairn.contains(flink)) {
                    throw new IllegalStateException("cairn.flink.checkpoint-roots entry " + flink
                            + " overlaps Cairn's own root " + cairn
                            + "; give Flink a directory of its own (its orphan sweep would take Flink's files"
                            + " for an unknown job's)");
                }
            }
        }
    }

    /**
     * The directory a Flink job checkpoints into, if it lies under a Flink root.
     *
     * @throws InvalidFlinkDirectory naming what is wrong
     */
    StorageRoot resolve(String field, String requested) {
        StorageRoot directory;
        try {
            directory = StorageRoot.parse(requested);
        } catch (IllegalArgumentException e) {
            throw new InvalidFlinkDirectory(field, requested, e.getMessage());
        }
        if (roots.isEmpty()) {
            throw new InvalidFlinkDirectory(
                    field,
                    requested,
                    "no Flink roots are configured; set cairn.flink.checkpoint-roots to the directory your Flink "
                            + "jobs checkpoint into (execution.checkpointing.dir) or a root above it");
        }
        if (roots.stream().noneMatch(root -> root.contains(directory))) {
            throw new InvalidFlinkDirectory(
                    field, requested, "it is not under a root in cairn.flink.checkpoint-roots " + roots);
        }
        return directory;
    }

    /** The storage of a directory {@link #resolve} accepted (or one recorded in the catalog). */
    CheckpointStorage storage(StorageRoot directory) {
        return storages.forVouchedRoot(directory);
    }

    private static StorageRoot parseConfigured(String value) {
        try {
            return StorageRoot.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cairn.flink.checkpoint-roots is invalid: " + e.getMessage(), e);
        }
    }
}
