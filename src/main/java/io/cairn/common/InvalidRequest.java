package io.cairn.common;

/** A request whose content is wrong in a way bean validation cannot express, naming the field. */
public final class InvalidRequest extends DomainException {

    public InvalidRequest(String field, String detail) {
        super(detail);
        with("field", field);
    }

    @Override
    public Outcome outcome() {
        return Outcome.INVALID;
    }

    @Override
    public String type() {
        return "invalid-request";
    }

    @Override
    public String title() {
        return "Invalid request";
    }
}
