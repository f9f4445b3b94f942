package io.cairn.restore;

import io.cairn.common.DomainException;

/** Why a restore cannot be done; nothing was read past the point of refusal and nothing changed. */
final class RestoreRefused extends DomainException {

    private final Outcome outcome;
    private final String type;
    private final String title;

    private RestoreRefused(Outcome outcome, String type, String title, String detail) {
        super(detail);
        this.outcome = outcome;
        this.type = type;
        this.title = title;
    }

    static RestoreRefused nothingToRestore(String detail) {
        return new RestoreRefused(Outcome.NOT_FOUND, "no-restorable-checkpoint", "Nothing to restore", detail);
    }

    static RestoreRefused conflict(String detail) {
        return new RestoreRefused(Outcome.CONFLICT, "restore-conflict", "Restore not possible", detail);
    }

    static RestoreRefused unusable(String detail) {
        return new RestoreRefused(Outcome.UNPROCESSABLE, "restore-source-unusable", "Restore source unusable", detail);
    }

    static RestoreRefused invalidPath(String detail) {
        RestoreRefused refused = new RestoreRefused(Outcome.INVALID, "invalid-restore-path", "Invalid restore path",
                detail);
        refused.with("field", "source.path");
        return refused;
    }

    @Override
    public Outcome outcome() {
        return outcome;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String title() {
        return title;
    }
}
