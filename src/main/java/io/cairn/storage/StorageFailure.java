package io.cairn.storage;

import io.cairn.common.DomainException;

/**
 * The file system could not do what was asked: unreachable, full, or refusing the operation. Hadoop
 * reports some of these as errors rather than exceptions (a full local disk is an {@code FSError}),
 * so the storage layer turns both into this one exception and callers record a failure.
 */
public final class StorageFailure extends DomainException {

    StorageFailure(String operation, Object path, Throwable cause) {
        super("Could not " + operation + " " + path + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        initCause(cause);
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNAVAILABLE;
    }

    @Override
    public String type() {
        return "storage-unavailable";
    }

    @Override
    public String title() {
        return "Checkpoint storage unavailable";
    }
}
