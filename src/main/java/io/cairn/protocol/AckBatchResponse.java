package io.cairn.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Cairn's answer to an {@link AckBatch}: one answer per ack, in the batch's order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AckBatchResponse(long checkpointId, List<AckResponse> answers) {}
