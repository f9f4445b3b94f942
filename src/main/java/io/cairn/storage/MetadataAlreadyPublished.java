package io.cairn.storage;

/**
 * A {@code _metadata} file already exists where a new one was to be published. The existing file
 * is left untouched: a completed checkpoint is never overwritten.
 */
public final class MetadataAlreadyPublished extends RuntimeException {

    MetadataAlreadyPublished(String jobId, long checkpointId) {
        super("_metadata of checkpoint " + checkpointId + " of job " + jobId + " already exists");
    }
}
