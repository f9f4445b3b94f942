package io.cairn.storage;

import io.cairn.common.DomainException;

/** A {@code _metadata} file that exists but is truncated, unparseable or inconsistent. */
public final class MetadataUnreadable extends DomainException {

    MetadataUnreadable(Object path, String problem) {
        super("The _metadata at " + path + " cannot be used: " + problem);
        with("path", String.valueOf(path));
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNPROCESSABLE;
    }

    @Override
    public String type() {
        return "metadata-unreadable";
    }

    @Override
    public String title() {
        return "Checkpoint metadata unreadable";
    }
}
