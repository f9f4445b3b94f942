package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Cairn's answer to an acknowledgement or a decline.
 *
 * @param renewed true when Cairn counted the ack as the agent's renewal: the agent may leave its
 *     next renewal until its renewal interval has passed from now. False, or null when an older
 *     Cairn left it out: renew as usual. Added within version 1 (2026-12-02); a {@code Boolean} so
 *     that an answer without it still reads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckResponse(long checkpointId, AckOutcome outcome, Boolean renewed) {

    /** An answer that did not count as a renewal. */
    public AckResponse(long checkpointId, AckOutcome outcome) {
        this(checkpointId, outcome, false);
    }

    public boolean countedAsRenewal() {
        return Boolean.TRUE.equals(renewed);
    }
}
