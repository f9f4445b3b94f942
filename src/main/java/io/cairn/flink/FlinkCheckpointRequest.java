package io.cairn.flink;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/flink/jobs/{flinkJobId}/checkpoints}.
 *
 * @param checkpointType CONFIGURED (the job's own: incremental if so configured) or FULL; CONFIGURED when absent
 */
record FlinkCheckpointRequest(
        @Schema(nullable = true, example = "FULL") Type checkpointType) {

    enum Type {
        CONFIGURED,
        FULL
    }
}
