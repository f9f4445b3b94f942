package io.cairn.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One piece of a subtask's snapshot, as an agent reports it.
 *
 * @param location EXCLUSIVE: {@code path} is relative to the checkpoint's directory; SHARED:
 *     {@code path} is a key under {@code shared/}; INLINE: the bytes travel in {@code inline}
 * @param inFlight true for records an unaligned barrier overtook, replayed on restore
 * @param newlyCreated for SHARED handles: the file was written for this checkpoint (false: reused)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StateHandleRef(Location location, String path, long size, byte[] inline, boolean inFlight,
        boolean newlyCreated) {

    public enum Location {
        EXCLUSIVE,
        SHARED,
        INLINE
    }
}
