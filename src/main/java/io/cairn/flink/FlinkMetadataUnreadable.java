package io.cairn.flink;

/**
 * A Flink {@code _metadata} file Cairn cannot use: corrupt or truncated, or holding what Cairn does
 * not read yet ({@link #unsupported()}). Either way its snapshot's files are never deleted.
 */
public final class FlinkMetadataUnreadable extends Exception {

    private final boolean unsupported;

    private FlinkMetadataUnreadable(String reason, boolean unsupported) {
        super(reason);
        this.unsupported = unsupported;
    }

    static FlinkMetadataUnreadable corrupt(String reason) {
        return new FlinkMetadataUnreadable(reason, false);
    }

    static FlinkMetadataUnreadable unsupported(String reason) {
        return new FlinkMetadataUnreadable(reason, true);
    }

    /** True when the file is well-formed as far as read but uses what Cairn does not read yet. */
    public boolean unsupported() {
        return unsupported;
    }
}
