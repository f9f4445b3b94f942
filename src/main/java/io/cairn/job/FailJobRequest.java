package io.cairn.job;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of {@code POST /jobs/{jobId}/fail}: why the engine gave up. */
record FailJobRequest(
        @Schema(example = "TaskManager lost") @Size(max = 2000)
        String reason) {}
