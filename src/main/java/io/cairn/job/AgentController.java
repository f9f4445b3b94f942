package io.cairn.job;

import java.util.Optional;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where task agents register and renew, and where operators see which subtasks lack one. */
@RestController
@RequestMapping(path = "/api/v1/jobs/{jobId}/agents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Agents", description = "Task agents of a job")
class AgentController {

    private final AgentRegistry registry;
    private final AgentRenewals renewals;

    AgentController(AgentRegistry registry, AgentRenewals renewals) {
        this.registry = registry;
        this.renewals = renewals;
    }

    @PutMapping(path = "/{taskId}/{subtask}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Register or renew the agent of one subtask",
            description =
                    "201 when the subtask had no agent, 200 on renewal. Renew regularly: the last-seen time tells liveness.")
    ResponseEntity<AgentView> register(
            @PathVariable String jobId,
            @PathVariable String taskId,
            @PathVariable int subtask,
            @Valid @RequestBody RegisterAgentRequest request) {
        Optional<AgentView> renewed = renewals.renewIfKnown(jobId, taskId, subtask, request.url(), request.isBatched());
        if (renewed.isPresent()) {
            return ResponseEntity.ok(renewed.get());
        }
        // Committed when it returns: only then may renewals be answered from memory.
        AgentRegistry.Registration registration =
                registry.register(jobId, taskId, subtask, request.url(), request.isBatched());
        renewals.remember(jobId, request.url(), registration.agent());
        return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(AgentView.from(registration.agent()));
    }

    @GetMapping
    @Operation(summary = "List a job's agents with their last-seen times and the subtasks still missing one")
    AgentsView list(@PathVariable String jobId) {
        return registry.overview(jobId);
    }
}
