package io.cairn.coordinator;

import io.cairn.protocol.Alignment;
import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of {@code POST /jobs/{jobId}/checkpoints}; without it the job's mode applies. */
record TriggerRequest(
        @Schema(example = "UNALIGNED", nullable = true) Alignment alignment) {}
