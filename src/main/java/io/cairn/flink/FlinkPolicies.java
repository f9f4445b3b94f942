package io.cairn.flink;

import java.time.Duration;

import io.cairn.catalog.FlinkJobEntry.Policy;
import io.cairn.common.InvalidRequest;

/** Turns a policy request into a policy, refusing what cannot work with a reason per field. */
final class FlinkPolicies {

    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private FlinkPolicies() {}

    static Policy validated(FlinkPolicyRequest request) {
        if (request.savepointInterval() != null && request.savepointCron() != null) {
            throw new InvalidRequest("savepointCron", "give savepointInterval or savepointCron, not both");
        }
        if (request.savepointInterval() != null && request.savepointInterval().compareTo(SHORTEST_INTERVAL) < 0) {
            throw new InvalidRequest(
                    "savepointInterval", "savepointInterval must be at least PT1S, got " + request.savepointInterval());
        }
        if (request.savepointMaxAge() != null
                && (request.savepointMaxAge().isNegative()
                        || request.savepointMaxAge().isZero())) {
            throw new InvalidRequest(
                    "savepointMaxAge", "savepointMaxAge must be positive, got " + request.savepointMaxAge());
        }
        String blackouts = request.savepointBlackouts() == null
                        || request.savepointBlackouts().isEmpty()
                ? null
                : String.join(",", request.savepointBlackouts());
        Policy policy = new Policy(
                request.numRetainedCheckpoints(),
                request.savepointMaxCount(),
                request.savepointMaxAge(),
                request.savepointInterval(),
                request.savepointCron(),
                blackouts,
                request.savepointFormat() == null
                        ? null
                        : request.savepointFormat().name());
        try {
            SavepointSchedule.windows(blackouts);
            SavepointSchedule.of(policy);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage() != null && e.getMessage().startsWith("blackout")
                    ? "savepointBlackouts"
                    : "savepointCron";
            throw new InvalidRequest(field, field + " cannot be used: " + e.getMessage());
        }
        return policy;
    }
}
