package io.cairn.storage;

import io.cairn.common.DomainException;

/** A requested checkpoint root that is malformed, of another scheme, or outside the allowed roots. */
public final class InvalidStorageRoot extends DomainException {

    InvalidStorageRoot(String requested, String problem) {
        super("checkpointRoot '" + requested + "' cannot be used: " + problem);
        with("field", "checkpointRoot");
    }

    @Override
    public Outcome outcome() {
        return Outcome.INVALID;
    }

    @Override
    public String type() {
        return "invalid-checkpoint-root";
    }

    @Override
    public String title() {
        return "Invalid checkpoint root";
    }
}
