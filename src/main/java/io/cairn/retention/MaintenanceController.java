package io.cairn.retention;

import java.time.Duration;
import java.util.List;

import io.cairn.common.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Orphan report and sweep. */
@RestController
@RequestMapping(path = "/api/v1/maintenance", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Maintenance", description = "Files under the checkpoint roots that nothing references")
class MaintenanceController {

    private final OrphanSweeper sweeper;

    MaintenanceController(OrphanSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @GetMapping("/orphans")
    @Operation(summary = "Report files and directories no catalog entry references, with sizes")
    OrphanReport orphans() {
        List<Orphan> orphans = sweeper.report();
        return new OrphanReport(
                orphans.size(), orphans.stream().mapToLong(Orphan::bytes).sum(), orphans);
    }

    @PostMapping("/orphans/sweep")
    @Operation(
            summary = "Delete orphans older than the grace period",
            description = "dryRun (default true) only reports. gracePeriod defaults to twice the largest "
                    + "checkpoint timeout of any job (ISO-8601, e.g. PT1H).")
    OrphanSweeper.SweepReport sweep(
            @RequestParam(defaultValue = "true") boolean dryRun, @RequestParam(required = false) Duration gracePeriod) {
        if (gracePeriod != null && gracePeriod.isNegative()) {
            throw new InvalidRequest("gracePeriod", "gracePeriod must not be negative, got " + gracePeriod);
        }
        return sweeper.sweep(dryRun, gracePeriod);
    }

    record OrphanReport(int count, long bytes, List<Orphan> orphans) {}
}
