package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Cairn's answer to an acknowledgement or a decline. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckResponse(long checkpointId, AckOutcome outcome) {}
