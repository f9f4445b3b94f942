package org.apache.hadoop.fs;

import java.io.IOException;

/**
 * Makes the error Hadoop's local file system raises when the disk is full: an {@link FSError}
 * (an {@code Error}, not an {@code IOException}) whose constructor only Hadoop's own package may call.
 */
public final class FullDisk {

    private FullDisk() {}

    public static FSError error(Object path) {
        return new FSError(new IOException("No space left on device: " + path));
    }
}
