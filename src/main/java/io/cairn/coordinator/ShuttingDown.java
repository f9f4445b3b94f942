package io.cairn.coordinator;

import io.cairn.common.DomainException;

/** Cairn is stopping and starts no checkpoint; another replica, or this one once restarted, will. */
final class ShuttingDown extends DomainException {

    ShuttingDown() {
        super("Cairn is shutting down and starts no new checkpoint; retry against a running instance");
    }

    @Override
    public Outcome outcome() {
        return Outcome.UNAVAILABLE;
    }

    @Override
    public String type() {
        return "shutting-down";
    }

    @Override
    public String title() {
        return "Shutting down";
    }
}
