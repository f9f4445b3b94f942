package io.cairn.flink;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;

import io.cairn.common.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Where a user adopts a Flink job's checkpoint directory, looks into it and deletes its checkpoints. */
@RestController
@RequestMapping("/api/v1/flink/jobs")
@Tag(name = "Flink jobs")
class FlinkJobController {

    private static final String FLINK_JOB_ID = "Flink's job id (32 hex digits): the name of the job's directory";

    private final FlinkJobs jobs;
    private final FlinkOperations operations;
    private final FlinkCheckpointDeletion deletion;
    private final FlinkRestores restores;

    FlinkJobController(
            FlinkJobs jobs, FlinkOperations operations, FlinkCheckpointDeletion deletion, FlinkRestores restores) {
        this.jobs = jobs;
        this.operations = operations;
        this.deletion = deletion;
        this.restores = restores;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Adopt a Flink job's checkpoint directory",
            description = "Reads <checkpointDirectory>/<flinkJobId>/: every chk-N whose _metadata is readable is "
                    + "catalogued RETAINED with its exclusive and shared files and bytes; one that cannot be read "
                    + "is catalogued UNREADABLE with the reason and never deleted.")
    ResponseEntity<FlinkJobView> adopt(@Valid @RequestBody AdoptFlinkJobRequest request) {
        FlinkJobView job = jobs.adopt(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{flinkJobId}")
                .buildAndExpand(job.flinkJobId())
                .toUri();
        return ResponseEntity.created(location).body(job);
    }

    @GetMapping("/{flinkJobId}")
    @Operation(summary = "An adopted Flink job", description = "As the last scan found its directory.")
    FlinkJobView get(@Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId) {
        return jobs.get(flinkJobId);
    }

    @PutMapping(path = "/{flinkJobId}/policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Set the Flink job's retention and savepoint schedule",
            description = "Replaces the whole policy (an absent field is none). Checkpoints beyond "
                    + "numRetainedCheckpoints and savepoints beyond savepointMaxCount or older than savepointMaxAge "
                    + "are deleted by the follower through the same reference-aware deletion as DELETE (the newest "
                    + "savepoint is always kept); savepoints are taken every savepointInterval or when savepointCron "
                    + "says, outside savepointBlackouts (UTC), for jobs with a restUrl.")
    FlinkJobView policy(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @Valid @RequestBody FlinkPolicyRequest request) {
        return jobs.changePolicy(flinkJobId, request);
    }

    @PostMapping("/{flinkJobId}/scan")
    @Operation(
            summary = "Look at the Flink job's directory again",
            description = "With a restUrl, Flink's checkpoint statistics first (completed and failed checkpoints "
                    + "and savepoints). Then the directory: new chk-N are catalogued, known ones read again, and those "
                    + "gone from storage without Cairn recorded VANISHED.")
    FlinkJobView scan(@Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId) {
        return jobs.scan(flinkJobId);
    }

    @PostMapping(path = "/{flinkJobId}/checkpoints", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Trigger a checkpoint in Flink",
            description = "POST /jobs/:jobid/checkpoints on the job's restUrl (Flink 1.17 or later), waits until Flink "
                    + "completes it (cairn.flink.operation-timeout), then catalogs it with Flink's statistics.")
    FlinkCheckpointView checkpoint(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @Valid @RequestBody FlinkCheckpointRequest request) {
        return operations.checkpoint(flinkJobId, request);
    }

    @PostMapping(path = "/{flinkJobId}/savepoints", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Take a savepoint in Flink, or stop the job with one",
            description = "POST /jobs/:jobid/savepoints (or /stop with stop=true) on the job's restUrl, waits until "
                    + "Flink wrote it, then catalogs it as a SAVEPOINT with its files.")
    FlinkCheckpointView savepoint(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @Valid @RequestBody FlinkSavepointRequest request) {
        return operations.savepoint(flinkJobId, request);
    }

    @PostMapping(path = "/{flinkJobId}/restores", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Check a Flink restore, and start it from an uploaded jar",
            description = "Checks everything first: the checkpoint or savepoint is RETAINED, its _metadata reads "
                    + "now and every file it names is there with the size it records. Returns what to start from "
                    + "(savepointPath, claimMode, allowNonRestoredState). With jarId, starts the job through Flink's "
                    + "POST /jars/:jarid/run on the job's restUrl and returns the new job's id. A failed check starts "
                    + "nothing.")
    FlinkRestoreView restore(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @Valid @RequestBody FlinkRestoreRequest request) {
        return restores.restore(flinkJobId, request);
    }

    @GetMapping("/{flinkJobId}/checkpoints")
    @Operation(summary = "The Flink job's checkpoints, newest first", description = "Every one ever catalogued.")
    List<FlinkCheckpointView> checkpoints(@Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId) {
        return jobs.checkpoints(flinkJobId);
    }

    @GetMapping("/{flinkJobId}/checkpoints/{checkpointId}")
    @Operation(
            summary = "One Flink checkpoint, with Flink's statistics per task",
            description = "Per task: sizes, end-to-end duration, the longest alignment, sync and async part of its "
                    + "subtasks, whether any was unaligned, processed and persisted in-flight data.")
    FlinkCheckpointDetails checkpoint(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId, @PathVariable long checkpointId) {
        return jobs.checkpoint(flinkJobId, checkpointId);
    }

    @GetMapping("/{flinkJobId}/orphans")
    @Operation(
            summary = "What no checkpoint of the Flink job references",
            description = "Files under shared/ and in chk-N that no readable _metadata names, and chk-N without "
                    + "_metadata, all older than gracePeriod (default cairn.flink.orphan-grace-period). Reported "
                    + "only; taskowned/ is never looked at. When a _metadata cannot be read, complete is false and "
                    + "no shared file is called an orphan.")
    FlinkOrphanReport orphans(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @Parameter(description = "ISO-8601 duration: younger files are never orphans")
                    @RequestParam(required = false)
                    Duration gracePeriod) {
        if (gracePeriod != null && gracePeriod.isNegative()) {
            throw new InvalidRequest("gracePeriod", "gracePeriod must not be negative, got " + gracePeriod);
        }
        return jobs.orphans(flinkJobId, gracePeriod);
    }

    @DeleteMapping("/{flinkJobId}/checkpoints/{checkpointId}")
    @Operation(
            summary = "Delete a retained Flink checkpoint, or show what would go",
            description = "Reads every _metadata in the directory again, then deletes the checkpoint's _metadata "
                    + "first, then the files it names in its own chk-N and under shared/ that no other retained "
                    + "checkpoint references. Refused (409) for the newest checkpoint and while any _metadata there "
                    + "cannot be read. dryRun=true lists exactly those files and bytes and deletes nothing.")
    FlinkDeletionView delete(
            @Parameter(description = FLINK_JOB_ID) @PathVariable String flinkJobId,
            @PathVariable long checkpointId,
            @Parameter(description = "true: list what would be deleted and delete nothing")
                    @RequestParam(defaultValue = "false")
                    boolean dryRun) {
        return FlinkDeletionView.of(flinkJobId, dryRun, deletion.delete(flinkJobId, checkpointId, dryRun));
    }

    /** What a deletion removed, or in a dry run would remove. */
    record FlinkDeletionView(
            String flinkJobId,
            long checkpointId,
            boolean dryRun,
            List<FlinkDeletionPlan.PlannedFile> files,
            long bytes,
            int keptReferenced,
            int keptElsewhere) {

        static FlinkDeletionView of(String flinkJobId, boolean dryRun, FlinkDeletionPlan plan) {
            return new FlinkDeletionView(
                    flinkJobId,
                    plan.checkpointId(),
                    dryRun,
                    plan.files(),
                    plan.bytes(),
                    plan.keptReferenced(),
                    plan.keptElsewhere());
        }
    }
}
