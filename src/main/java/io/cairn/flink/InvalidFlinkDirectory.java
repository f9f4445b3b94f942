package io.cairn.flink;

import io.cairn.common.DomainException;

/** A Flink checkpoint directory Cairn will not adopt: malformed, or outside {@code cairn.flink.checkpoint-roots}. */
final class InvalidFlinkDirectory extends DomainException {

    InvalidFlinkDirectory(String field, String requested, String problem) {
        super(field + " '" + requested + "' cannot be used: " + problem);
        with("field", field);
    }

    @Override
    public Outcome outcome() {
        return Outcome.INVALID;
    }

    @Override
    public String type() {
        return "invalid-flink-directory";
    }

    @Override
    public String title() {
        return "Invalid Flink checkpoint directory";
    }
}
