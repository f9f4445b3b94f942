package io.cairn.storage;

import java.util.Objects;

import io.cairn.storage.CheckpointMetadata.StateHandle;
import io.cairn.storage.CheckpointMetadata.SubtaskState;
import io.cairn.storage.CheckpointMetadata.TaskState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code _metadata} as versioned JSON, and refuses a file that could not be
 * restored from: unknown version, another checkpoint's file, or a handle path that would escape
 * its directory.
 */
final class MetadataFormat {

    private final JsonMapper mapper = JsonMapper.builder()
            // Newer writers may add fields; the version number guards real incompatibilities.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] write(CheckpointMetadata metadata) {
        check(metadata, metadata.jobId(), metadata.checkpointId(), "checkpoint " + metadata.checkpointId());
        return mapper.writeValueAsBytes(metadata);
    }

    /** @param expectedJobId null to accept any job and checkpoint (an external path) */
    CheckpointMetadata read(byte[] bytes, String expectedJobId, long expectedCheckpointId, Object path) {
        CheckpointMetadata metadata;
        try {
            metadata = mapper.readValue(bytes, CheckpointMetadata.class);
        } catch (JacksonException e) {
            throw new MetadataUnreadable(path, "not valid JSON metadata (" + e.getOriginalMessage() + ")");
        }
        if (metadata == null) {
            throw new MetadataUnreadable(path, "the file is empty");
        }
        check(metadata, expectedJobId, expectedCheckpointId, path);
        return metadata;
    }

    private static void check(CheckpointMetadata metadata, String jobId, long checkpointId, Object path) {
        if (metadata.formatVersion() != CheckpointMetadata.CURRENT_FORMAT) {
            throw new MetadataUnreadable(
                    path,
                    "format version " + metadata.formatVersion() + " is not supported (this Cairn reads version "
                            + CheckpointMetadata.CURRENT_FORMAT + ")");
        }
        if (jobId != null && (!Objects.equals(metadata.jobId(), jobId) || metadata.checkpointId() != checkpointId)) {
            throw new MetadataUnreadable(
                    path,
                    "it belongs to job " + metadata.jobId() + " checkpoint " + metadata.checkpointId() + ", not job "
                            + jobId + " checkpoint " + checkpointId);
        }
        if (metadata.kind() == null || metadata.alignment() == null || metadata.triggeredAt() == null) {
            throw new MetadataUnreadable(path, "kind, alignment and triggeredAt are required");
        }
        for (TaskState task : metadata.tasks()) {
            for (SubtaskState subtask : task.subtasks()) {
                subtask.allHandles().forEach(handle -> checkHandle(handle, path));
            }
        }
    }

    private static void checkHandle(StateHandle handle, Object path) {
        if (handle.location() == null) {
            throw new MetadataUnreadable(path, "a state handle has no location");
        }
        if (handle.location() == CheckpointMetadata.Location.INLINE) {
            if (handle.inline() == null) {
                throw new MetadataUnreadable(path, "an inline state handle has no bytes");
            }
            return;
        }
        if (!RelativePaths.isSafe(handle.path())) {
            throw new MetadataUnreadable(
                    path, "state handle path '" + handle.path() + "' is not a relative path inside its directory");
        }
    }
}
