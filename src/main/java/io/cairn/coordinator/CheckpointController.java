package io.cairn.coordinator;

import java.net.URI;

import io.cairn.catalog.CheckpointStatus;
import io.cairn.common.Page;
import io.cairn.common.Paging;
import io.cairn.protocol.AckBatch;
import io.cairn.protocol.AckBatchResponse;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.Decline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Triggers checkpoints, shows their history and statistics, and takes the agents' acks and declines. */
@RestController
@RequestMapping(path = "/api/v1/jobs/{jobId}/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Checkpoints", description = "Trigger checkpoints, follow them, read their statistics")
class CheckpointController {

    private final CheckpointTrigger trigger;
    private final AckReceiver acks;
    private final CheckpointHistory history;

    CheckpointController(CheckpointTrigger trigger, AckReceiver acks, CheckpointHistory history) {
        this.trigger = trigger;
        this.acks = acks;
        this.history = history;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Trigger a checkpoint now",
            description = "Body optional: {\"alignment\":\"ALIGNED\"|\"UNALIGNED\"}, default the job's mode. "
                    + "202 with the id; 409 when the job is not running, agents are missing or too many are in "
                    + "flight; 429 with Retry-After within the job's min pause.")
    ResponseEntity<TriggeredView> triggerWith(@PathVariable String jobId, @RequestBody TriggerRequest request) {
        return accepted(jobId, request.alignment());
    }

    @PostMapping
    @Operation(
            summary = "Trigger a checkpoint now",
            description = "Body optional: {\"alignment\":\"ALIGNED\"|\"UNALIGNED\"}, default the job's mode. "
                    + "202 with the id; 409 when the job is not running, agents are missing or too many are in "
                    + "flight; 429 with Retry-After within the job's min pause.")
    ResponseEntity<TriggeredView> trigger(@PathVariable String jobId) {
        return accepted(jobId, null);
    }

    @GetMapping
    @Operation(summary = "List a job's checkpoints, newest first", description = "Paged; optionally one status.")
    Page<CheckpointView> list(
            @PathVariable String jobId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) CheckpointStatus status) {
        return history.list(jobId, status, Paging.of(page, size));
    }

    @GetMapping("/latest")
    @Operation(summary = "The latest completed checkpoint, with per-task statistics")
    CheckpointView latest(@PathVariable String jobId) {
        return history.latest(jobId);
    }

    @GetMapping("/stats")
    @Operation(summary = "Counts, latest of each kind, and duration and size summaries")
    CheckpointStatsView stats(@PathVariable String jobId) {
        return history.stats(jobId);
    }

    @GetMapping("/{checkpointId}")
    @Operation(summary = "One checkpoint with per-task and per-subtask statistics")
    CheckpointView one(@PathVariable String jobId, @PathVariable long checkpointId) {
        return history.one(jobId, checkpointId);
    }

    @PostMapping(path = "/{checkpointId}/acks", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Agent callback: a subtask's snapshot is written",
            description = "Safe to repeat; answers ACCEPTED, DUPLICATE, UNKNOWN or DISCARDED.")
    AckResponse acknowledge(@PathVariable String jobId, @PathVariable long checkpointId, @RequestBody Acknowledge ack) {
        return acks.acknowledge(jobId, checkpointId, ack);
    }

    @PostMapping(path = "/{checkpointId}/ack-batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Agent callback: the snapshots of several subtasks are written",
            description = "A batched agent's acks of one checkpoint, each taken as if sent alone, in order;"
                    + " one answer per ack. Safe to repeat.")
    AckBatchResponse acknowledgeAll(
            @PathVariable String jobId, @PathVariable long checkpointId, @RequestBody AckBatch batch) {
        return acks.acknowledgeAll(jobId, checkpointId, batch);
    }

    @PostMapping(path = "/{checkpointId}/declines", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Agent callback: a subtask cannot snapshot; the checkpoint is aborted")
    AckResponse decline(@PathVariable String jobId, @PathVariable long checkpointId, @RequestBody Decline decline) {
        return acks.decline(jobId, checkpointId, decline);
    }

    private ResponseEntity<TriggeredView> accepted(String jobId, Alignment alignment) {
        CheckpointTrigger.Triggered triggered = trigger.trigger(jobId, alignment);
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/jobs/{jobId}/checkpoints/{id}")
                .buildAndExpand(jobId, triggered.checkpointId())
                .toUri();
        return ResponseEntity.accepted().location(location).body(TriggeredView.of(triggered));
    }
}
