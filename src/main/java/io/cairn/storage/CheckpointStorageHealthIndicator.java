package io.cairn.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Readiness depends on it: the checkpoint root must be reachable and writable. */
@Component("checkpointStorage")
class CheckpointStorageHealthIndicator extends AbstractHealthIndicator {

    private final CheckpointStorages storages;

    CheckpointStorageHealthIndicator(CheckpointStorages storages) {
        super("Checkpoint storage health check failed");
        this.storages = storages;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("root", storages.defaultRoot().toString());
        try {
            storages.defaultStorage().probe();
            builder.up();
        } catch (StorageFailure e) {
            builder.down().withDetail("error", e.getMessage());
        }
    }
}
