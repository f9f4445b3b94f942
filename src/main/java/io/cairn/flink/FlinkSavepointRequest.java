package io.cairn.flink;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/flink/jobs/{flinkJobId}/savepoints}.
 *
 * @param targetDirectory where Flink writes it (a {@code savepoint-*} directory is made inside); under
 *     {@code cairn.flink.checkpoint-roots}; {@code <checkpointDirectory>/savepoints} when absent
 * @param formatType CANONICAL (portable across state backends) or NATIVE (the backend's own, faster); CANONICAL when absent
 * @param stop true: stop the job with this savepoint (Flink's stop-with-savepoint, without draining); false when absent
 */
record FlinkSavepointRequest(
        @Schema(nullable = true, example = "file:/srv/flink/checkpoints/savepoints") @Size(max = 1024)
        String targetDirectory,

        @Schema(nullable = true, example = "CANONICAL") Format formatType,
        @Schema(nullable = true, example = "false") Boolean stop) {

    boolean stopsTheJob() {
        return Boolean.TRUE.equals(stop);
    }

    enum Format {
        CANONICAL,
        NATIVE
    }
}
