package io.cairn.storage;

/** How much lies under a directory. */
public record StorageUsage(long files, long bytes) {

    public static final StorageUsage NONE = new StorageUsage(0, 0);
}
