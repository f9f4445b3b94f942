package io.cairn.coordinator;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Optional body of {@code POST /jobs/{jobId}/savepoints}.
 *
 * @param targetDirectory a directory under {@code cairn.storage.savepoint-root}, as a URI or a
 *     path relative to it; the savepoint gets a new directory inside it
 */
record SavepointRequest(
        @Schema(example = "before-upgrade", nullable = true) @Size(max = 1024)
        String targetDirectory) {}
