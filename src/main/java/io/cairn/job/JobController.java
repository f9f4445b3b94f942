package io.cairn.job;

import java.net.URI;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;

import io.cairn.cluster.JobOwnership;
import io.cairn.common.InvalidRequest;
import io.cairn.common.Page;
import io.cairn.common.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Registers, lists, reconfigures and ends jobs. */
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Jobs", description = "Register jobs, change their checkpointing, end them")
class JobController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private static final String REGISTER_EXAMPLE = """
            {"jobId":"orders-1","name":"orders",
             "tasks":[{"taskId":"source","parallelism":2},{"taskId":"count","parallelism":4}],
             "checkpointing":{"interval":"PT30S","mode":"ALIGNED","alignedTimeout":"PT0S","timeout":"PT10M",
               "minPause":"PT0S","maxConcurrent":1,"tolerableFailures":0,
               "retention":"RETAIN_ON_CANCELLATION","numRetained":1}}""";

    private final JobFinder finder;
    private final JobRegistrar registrar;
    private final JobLifecycle lifecycle;
    private final JsonMapper mapper;
    private final Validator validator;

    private final JobOwnership ownership;

    JobController(
            JobFinder finder,
            JobRegistrar registrar,
            JobLifecycle lifecycle,
            JobOwnership ownership,
            JsonMapper mapper,
            Validator validator) {
        this.finder = finder;
        this.ownership = ownership;
        this.registrar = registrar;
        this.lifecycle = lifecycle;
        this.mapper = mapper;
        this.validator = validator;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Register a job",
            description =
                    "Creates the job's shared/ and taskowned/ directories and records it RUNNING. "
                            + "Absent checkpointing fields take Flink's defaults; without interval there are no periodic checkpoints.")
    ResponseEntity<JobView> register(
            @Valid
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = REGISTER_EXAMPLE)))
                    @RequestBody
                    RegisterJobRequest request) {
        Job job = registrar.register(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{jobId}")
                .buildAndExpand(job.getJobId())
                .toUri();
        return ResponseEntity.created(location).body(JobView.withSecret(job));
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first", description = "Paged; optionally only jobs in one state.")
    Page<JobView> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) JobState state) {
        return Page.from(finder.page(state, Paging.of(page, size)), JobView::from);
    }

    @GetMapping("/{jobId}")
    @Operation(summary = "Show one job with its state and configuration")
    JobView get(@PathVariable String jobId) {
        Job job = finder.require(jobId);
        return JobView.from(job)
                .coordinatedBy(ownership.coordinatorOf(job.getId()).orElse(null));
    }

    @PatchMapping(
            path = "/{jobId}/checkpointing",
            consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Change checkpointing of a running job (JSON merge patch)",
            description = "RFC 7396: absent fields stay; null resets a field to its default, "
                    + "and \"interval\": null turns periodic checkpointing off.")
    JobView changeCheckpointing(
            @PathVariable String jobId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            value = "{\"interval\":\"PT1M\",\"numRetained\":3}")))
                    @RequestBody
                    JsonNode patch) {
        if (!patch.isObject()) {
            throw new InvalidRequest("checkpointing", "the patch must be a JSON object of checkpointing fields");
        }
        Job job = finder.require(jobId);
        ObjectNode current = mapper.valueToTree(job.getCheckpointing());
        JsonMergePatch.apply(current, (ObjectNode) patch);
        return JobView.from(lifecycle.changeCheckpointing(jobId, toValidSettings(current)));
    }

    @PostMapping("/{jobId}/agent-secret")
    @Operation(
            summary = "Issue a new agent secret (ADMIN)",
            description = "The old secret stops working at once; restart the job's agents with the new one. "
                    + "The answer is the only place the new secret is shown.")
    JobView rotateAgentSecret(@PathVariable String jobId) {
        return JobView.withSecret(lifecycle.rotateAgentSecret(jobId));
    }

    @PostMapping("/{jobId}/cancel")
    @Operation(summary = "Cancel a running job", description = "Retention then applies the job's retention mode.")
    JobView cancel(@PathVariable String jobId) {
        return JobView.from(lifecycle.cancel(jobId));
    }

    @PostMapping(path = "/{jobId}/fail", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Report that a running job failed",
            description = "Called by the engine, with an optional JSON body giving the reason.")
    JobView failWithReason(@PathVariable String jobId, @Valid @RequestBody FailJobRequest request) {
        return JobView.from(lifecycle.fail(jobId, request.reason()));
    }

    @PostMapping("/{jobId}/fail")
    @Operation(
            summary = "Report that a running job failed",
            description = "Called by the engine, with an optional JSON body giving the reason.")
    JobView fail(@PathVariable String jobId) {
        return JobView.from(lifecycle.fail(jobId, null));
    }

    @PostMapping("/{jobId}/finish")
    @Operation(summary = "Report that a running job finished", description = "Called by the engine.")
    JobView finish(@PathVariable String jobId) {
        return JobView.from(lifecycle.finish(jobId));
    }

    private CheckpointingSettings toValidSettings(ObjectNode merged) {
        // A value of the wrong type surfaces as a JacksonException, which the web edge reports by field.
        CheckpointingSettings settings = mapper.treeToValue(merged, CheckpointingSettings.class);
        Set<ConstraintViolation<CheckpointingSettings>> violations = validator.validate(settings);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return settings.withDefaults();
    }
}
