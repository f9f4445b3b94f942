package io.cairn.api;

import java.util.Map;
import java.util.function.Function;

/**
 * How to act on a refusal through this API. Domain exceptions say what is wrong and what to do in
 * the domain's words; the operation that does it is the web edge's knowledge, added here to the
 * problem's {@code detail} from the refusal's own properties.
 */
final class ProblemRemedies {

    private static final Map<String, Function<Map<String, Object>, String>> BY_TYPE = Map.of(
            "job-not-found", p -> "list jobs with GET /api/v1/jobs, register one with POST /api/v1/jobs",
            "checkpoint-not-found",
                    p -> "list them with GET /api/v1/jobs/" + p.get("jobId") + "/checkpoints, trigger one with POST"
                            + " /api/v1/jobs/" + p.get("jobId") + "/checkpoints",
            "agents-missing",
                    p -> "agents register with PUT /api/v1/jobs/" + p.get("jobId") + "/agents/{taskId}/{subtask}",
            "restore-in-progress",
                    p -> "follow it with GET /api/v1/jobs/" + p.get("jobId") + "/restores/" + p.get("restoreId")
                            + " or cancel it with POST /api/v1/jobs/" + p.get("jobId") + "/restores/"
                            + p.get("restoreId") + "/cancel",
            "restore-not-found", p -> "list them with GET /api/v1/jobs/" + p.get("jobId") + "/restores");

    private ProblemRemedies() {}

    /** The detail with the API's remedy for this type appended, when there is one. */
    static String detail(String type, String detail, Map<String, Object> properties) {
        Function<Map<String, Object>, String> remedy = BY_TYPE.get(type);
        return remedy == null ? detail : detail + "; " + remedy.apply(properties);
    }
}
