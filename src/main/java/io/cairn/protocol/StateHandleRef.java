package io.cairn.protocol;

import java.util.Arrays;
import java.util.Objects;

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
public record StateHandleRef(
        Location location, String path, long size, byte[] inline, boolean inFlight, boolean newlyCreated) {

    /** Equal when every field is, the inline bytes compared by content (a repeated ack is a new array). */
    @Override
    public boolean equals(Object other) {
        return other instanceof StateHandleRef that
                && location == that.location
                && Objects.equals(path, that.path)
                && size == that.size
                && Arrays.equals(inline, that.inline)
                && inFlight == that.inFlight
                && newlyCreated == that.newlyCreated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, path, size, Arrays.hashCode(inline), inFlight, newlyCreated);
    }

    public enum Location {
        EXCLUSIVE,
        SHARED,
        INLINE
    }
}
