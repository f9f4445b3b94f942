package io.cairn.restore;

import java.net.URI;

import jakarta.validation.Valid;

import io.cairn.catalog.IllegalCheckpointTransition;
import io.cairn.catalog.Restore;
import io.cairn.common.Page;
import io.cairn.common.Paging;
import io.cairn.coordinator.RestoreFence;
import io.cairn.job.Job;
import io.cairn.job.JobFinder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.dao.OptimisticLockingFailureException;
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

/** Restores a job and lists its restores. */
@RestController
@RequestMapping(path = "/api/v1/jobs/{jobId}/restores", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Restores", description = "Resume a job from a checkpoint")
class RestoreController {

    /** How often a restore of the latest checkpoint is checked again when retention subsumed it meanwhile. */
    private static final int LATEST_ATTEMPTS = 3;

    private final JobFinder finder;
    private final RestorePlanner planner;
    private final RestoreRunner runner;
    private final RestoreLedger ledger;
    private final AwaitedRestores awaited;
    private final RestoreFence fence;

    RestoreController(
            JobFinder finder,
            RestorePlanner planner,
            RestoreRunner runner,
            RestoreLedger ledger,
            AwaitedRestores awaited,
            RestoreFence fence) {
        this.awaited = awaited;
        this.fence = fence;
        this.finder = finder;
        this.planner = planner;
        this.runner = runner;
        this.ledger = ledger;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Restore a job from its latest or a chosen checkpoint, or an external _metadata path",
            description = "Body: {\"source\":{\"latest\":true}} | {\"source\":{\"checkpointId\":7}} | "
                    + "{\"source\":{\"path\":\"file:/.../chk-7\"}}, claimMode NO_CLAIM (default) or CLAIM, "
                    + "allowNonRestoredState, and optionally tasks [{taskId, parallelism}] to rescale the job (aligned "
                    + "checkpoints and savepoints only; the restore waits for the new shape's agents). 202: agents are "
                    + "being sent their state; follow Location.")
    ResponseEntity<RestoreView> restore(@PathVariable String jobId, @Valid @RequestBody RestoreRequest request) {
        Job job = finder.require(jobId);
        ledger.requireNoneRunning(job);
        Restore restore = start(job, request, LATEST_ATTEMPTS);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(restore.getId())
                .toUri();
        return ResponseEntity.accepted().location(location).body(RestoreView.from(restore));
    }

    private Restore start(Job job, RestoreRequest request, int attempts) {
        RestorePlan plan = planner.plan(job, request);
        try {
            return plan.rescaledTo() == null ? runner.run(job, plan, request) : rescale(job, plan, request);
        } catch (IllegalCheckpointTransition subsumed) {
            // "latest" was checked, then a newer checkpoint completed and retention subsumed the
            // checked one before it was pinned: the newer one is the latest now.
            if (!Boolean.TRUE.equals(request.source().latest()) || attempts <= 1) {
                throw subsumed;
            }
            return start(job, request, attempts - 1);
        } catch (OptimisticLockingFailureException changedMeanwhile) {
            // The same race, lost at the pin's commit instead (retention marked the checkpoint
            // between the pin's read and its commit; nothing was recorded): plan again from what the
            // catalog says now, which starts the restore or refuses it for what changed.
            if (attempts <= 1) {
                throw changedMeanwhile;
            }
            return start(job, request, attempts - 1);
        }
    }

    @PostMapping(path = "/check", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Check a restore without running it",
            description = "The same body and the same checks as a restore (the source is readable, every file it "
                    + "names exists, the agents are there, no restore runs); 200 says what the restore would do, "
                    + "a problem says why it would be refused. Nothing is recorded or sent to agents.")
    RestoreCheck check(@PathVariable String jobId, @Valid @RequestBody RestoreRequest request) {
        Job job = finder.require(jobId);
        ledger.requireNoneRunning(job);
        return RestoreCheck.of(planner.plan(job, request), request, job.getTasks());
    }

    /** The new shape is recorded with the restore; its commands go out once the new shape's agents registered. */
    private Restore rescale(Job job, RestorePlan plan, RestoreRequest request) {
        Restore restore = ledger.startRescaling(job, plan, request.claimModeOrDefault(), request.allowNonRestored());
        fence.abortPending(job.getJobId(), restore.getId());
        awaited.startWhenReady(job.getId());
        return restore;
    }

    @GetMapping("/{restoreId}")
    @Operation(summary = "One restore, with each agent's answer")
    RestoreView one(@PathVariable String jobId, @PathVariable long restoreId) {
        return ledger.one(finder.require(jobId), restoreId);
    }

    @PostMapping("/{restoreId}/cancel")
    @Operation(
            summary = "Cancel a restore that waits for its agents or runs",
            description = "Its checkpoint is released and the job checkpoints again; agents that had not answered "
                    + "are recorded failed. 409 when the restore already ended.")
    RestoreView cancel(@PathVariable String jobId, @PathVariable long restoreId) {
        return RestoreView.from(runner.cancel(finder.require(jobId), restoreId));
    }

    @GetMapping
    @Operation(summary = "A job's restores, newest first, with each agent's answer")
    Page<RestoreView> list(
            @PathVariable String jobId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Job job = finder.require(jobId);
        return ledger.history(job, Paging.of(page, size));
    }
}
