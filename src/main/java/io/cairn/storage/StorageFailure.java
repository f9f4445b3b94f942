package io.cairn.storage;

import java.io.IOException;

import io.cairn.common.DomainException;

/** The file system could not do what was asked: unreachable, full, or refusing the operation. */
public final class StorageFailure extends DomainException {

    StorageFailure(String operation, Object path, IOException cause) {
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
