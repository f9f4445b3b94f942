package io.cairn.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a caller asked for that Cairn refuses, named for what happened. It knows nothing
 * of HTTP: {@link #outcome()} says what kind of refusal it is, {@link #type()} gives a stable
 * identifier, {@link #title()} a fixed summary, the message the detail of this occurrence, and
 * {@link #properties()} the values a client may act on ({@code jobId}, {@code field}, ...).
 */
public abstract class DomainException extends RuntimeException {

    private final transient Map<String, Object> properties = new LinkedHashMap<>();

    protected DomainException(String detail) {
        super(detail);
    }

    /**
     * For refusals that are normal outcomes, made often and passed around as values (a periodic
     * trigger refused for now): no stack trace is taken.
     */
    protected DomainException(String detail, boolean withStackTrace) {
        super(detail, null, false, withStackTrace);
    }

    public abstract Outcome outcome();

    /** Stable kebab-case identifier, e.g. {@code job-not-found}; clients may switch on it. */
    public abstract String type();

    /** Fixed human summary of the type; the message carries the specifics. */
    public abstract String title();

    protected final DomainException with(String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
        return this;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** The kinds of refusal; the web edge maps each to one status code. */
    public enum Outcome {
        INVALID,
        NOT_FOUND,
        CONFLICT,
        UNPROCESSABLE,
        TOO_MANY_REQUESTS,
        UNAVAILABLE
    }
}
