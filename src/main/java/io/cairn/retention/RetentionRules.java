package io.cairn.retention;

import java.util.ArrayList;
import java.util.List;

import io.cairn.job.JobState;
import io.cairn.job.RetentionMode;

/**
 * The pure part of retention: what to keep and what to let go, decided from facts alone (after
 * Flink's {@code CheckpointProperties} and {@code CheckpointSubsumeHelper}).
 */
final class RetentionRules {

    private RetentionRules() {}

    /** Whether a job's completed checkpoints stay when it ends this way (DESIGN section 4's table). */
    static boolean keepOnEnd(RetentionMode mode, JobState end) {
        return switch (end) {
            case RUNNING -> true;
            case FINISHED -> false;
            case CANCELED -> mode == RetentionMode.RETAIN_ON_CANCELLATION;
            case FAILED -> mode != RetentionMode.NO_EXTERNALIZED_CHECKPOINTS;
        };
    }

    /**
     * Checkpoints subsumed by newer ones: all but the {@code numRetained} newest, except those a
     * restore is reading or a NO_CLAIM restore brought in. The newest is never subsumed.
     *
     * @param newestFirst the job's completed checkpoints, newest first
     */
    static List<Candidate> subsumed(List<Candidate> newestFirst, int numRetained) {
        List<Candidate> subsumed = new ArrayList<>();
        for (int i = Math.max(1, numRetained); i < newestFirst.size(); i++) {
            Candidate candidate = newestFirst.get(i);
            if (candidate.discardable()) {
                subsumed.add(candidate);
            }
        }
        return subsumed;
    }

    /** A completed checkpoint as retention sees it. */
    record Candidate(long checkpointId, boolean pinned, boolean neverDiscard) {

        boolean discardable() {
            return !pinned && !neverDiscard;
        }
    }
}
