package io.cairn.coordinator;

import java.time.Duration;
import java.util.List;

import io.cairn.common.DomainException;

/**
 * Why a checkpoint was not triggered now; each says what to do instead. A normal outcome: the
 * guard returns it as a value ({@link Precondition}), and only an API caller sees it thrown.
 */
abstract sealed class CheckpointRefused extends DomainException {

    CheckpointRefused(String jobId, String detail) {
        super(detail, false);
        with("jobId", jobId);
    }

    /** Some subtasks have no live agent, so the checkpoint could never complete. */
    static final class AgentsMissing extends CheckpointRefused {

        AgentsMissing(String jobId, List<String> missing) {
            super(
                    jobId,
                    "Job '" + jobId + "' has no live agent for " + missing.size() + " subtask(s): "
                            + (missing.size() > 20 ? missing.subList(0, 20) + " ..." : missing)
                            + "; start them or wait for them to register");
            with("missing", missing.size() > 100 ? missing.subList(0, 100) : missing);
        }

        @Override
        public Outcome outcome() {
            return Outcome.CONFLICT;
        }

        @Override
        public String type() {
            return "agents-missing";
        }

        @Override
        public String title() {
            return "Agents missing";
        }
    }

    /**
     * A restore of the job has not finished: a checkpoint now could capture the state the restore
     * is replacing.
     */
    static final class RestoreInProgress extends CheckpointRefused {

        RestoreInProgress(String jobId, long restoreId) {
            super(
                    jobId,
                    "Job '" + jobId + "' is being restored (restore " + restoreId + "); checkpoints resume once "
                            + "every agent has answered");
            with("restoreId", restoreId);
        }

        @Override
        public Outcome outcome() {
            return Outcome.CONFLICT;
        }

        @Override
        public String type() {
            return "restore-in-progress";
        }

        @Override
        public String title() {
            return "Restore in progress";
        }
    }

    /** As many checkpoints are in flight as the job allows, or an unaligned one runs and must run alone. */
    static final class TooManyInFlight extends CheckpointRefused {

        TooManyInFlight(String jobId, String why) {
            super(jobId, why + "; wait for it to complete or expire, or raise maxConcurrent");
        }

        @Override
        public Outcome outcome() {
            return Outcome.CONFLICT;
        }

        @Override
        public String type() {
            return "too-many-checkpoints";
        }

        @Override
        public String title() {
            return "Too many checkpoints in flight";
        }
    }

    /** The job's min pause since the last completed checkpoint has not passed. */
    static final class TooSoon extends CheckpointRefused {

        TooSoon(String jobId, Duration minPause, Duration remaining) {
            super(
                    jobId,
                    "Job '" + jobId + "' requires a pause of " + minPause + " after a completed checkpoint; retry in "
                            + remaining.toMillis() + " ms");
            with("retryAfterSeconds", Math.max(1, (remaining.toMillis() + 999) / 1000));
        }

        @Override
        public Outcome outcome() {
            return Outcome.TOO_MANY_REQUESTS;
        }

        @Override
        public String type() {
            return "checkpoint-too-soon";
        }

        @Override
        public String title() {
            return "Too soon after the last checkpoint";
        }
    }
}
