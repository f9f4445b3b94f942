package io.cairn.coordinator;

import java.net.URI;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Takes savepoints; they are listed, read and deleted with the job's checkpoints. */
@RestController
@RequestMapping(path = "/api/v1/jobs/{jobId}/savepoints", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Savepoints", description = "Take savepoints: aligned, self-contained, never collected")
class SavepointController {

    private static final String DESCRIPTION = "Body optional: {\"targetDirectory\":\"<under the savepoint root>\"}. "
            + "202 with the id and the savepoint's directory; follow Location to see it complete. 409 when the job "
            + "is not running, agents are missing or an unaligned checkpoint is in flight; 400 for a target "
            + "outside cairn.storage.savepoint-root. Delete it with DELETE /api/v1/jobs/{jobId}/checkpoints/{id}.";

    private final CheckpointTrigger trigger;

    SavepointController(CheckpointTrigger trigger) {
        this.trigger = trigger;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Take a savepoint now", description = DESCRIPTION)
    ResponseEntity<TriggeredView> takeWith(@PathVariable String jobId, @Valid @RequestBody SavepointRequest request) {
        return accepted(jobId, request.targetDirectory());
    }

    @PostMapping
    @Operation(summary = "Take a savepoint now", description = DESCRIPTION)
    ResponseEntity<TriggeredView> take(@PathVariable String jobId) {
        return accepted(jobId, null);
    }

    private ResponseEntity<TriggeredView> accepted(String jobId, String targetDirectory) {
        CheckpointTrigger.Triggered triggered = trigger.triggerSavepoint(jobId, targetDirectory);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/jobs/{jobId}/checkpoints/{id}")
                .buildAndExpand(jobId, triggered.checkpointId())
                .toUri();
        return ResponseEntity.accepted().location(location).body(TriggeredView.of(triggered));
    }
}
