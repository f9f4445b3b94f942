package io.cairn.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Where a user deletes a retained checkpoint or a savepoint. */
@RestController
@Tag(name = "Checkpoints")
class RetentionController {

    private final RetentionService retention;

    RetentionController(RetentionService retention) {
        this.retention = retention;
    }

    @DeleteMapping("/api/v1/jobs/{jobId}/checkpoints/{checkpointId}")
    @Operation(
            summary = "Delete a retained checkpoint or a savepoint",
            description = "202: recorded DISCARDING, its files ( _metadata first) and the shared files only it "
                    + "used go in the background, then it is DISCARDED. 409 while pending, being restored, or "
                    + "protected by a NO_CLAIM restore.")
    ResponseEntity<Void> delete(@PathVariable String jobId, @PathVariable long checkpointId) {
        retention.discard(jobId, checkpointId);
        return ResponseEntity.accepted().build();
    }
}
