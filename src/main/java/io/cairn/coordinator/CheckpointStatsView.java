package io.cairn.coordinator;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's checkpoint statistics, after Flink's {@code /jobs/:jobid/checkpoints}: counts, the latest
 * checkpoint of each kind, and summaries over the most recent completed checkpoints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointStatsView(Counts counts, Latest latest, Summary summary) {

    /** @param restored restores of this job */
    public record Counts(long triggered, int inProgress, long completed, long failed, long restored) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Latest(
            CheckpointView completed, CheckpointView savepoint, CheckpointView failed, RestoredView restored) {}

    public record RestoredView(Long checkpointId, String metadataPath, String status, Instant requestedAt) {}

    /** @param window how many of the most recent completed checkpoints the figures cover (at most 1000) */
    public record Summary(
            int window,
            Figures endToEndDurationMs,
            Figures stateSize,
            Figures checkpointedSize,
            Figures inFlightBytes) {}

    public record Figures(long min, double avg, long p50, long p90, long p99, long max) {

        static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0);

        /** Nearest-rank percentiles over values sorted ascending. */
        static Figures of(long[] sorted) {
            if (sorted.length == 0) {
                return NONE;
            }
            double sum = 0;
            for (long value : sorted) {
                sum += value;
            }
            return new Figures(
                    sorted[0],
                    sum / sorted.length,
                    rank(sorted, 0.50),
                    rank(sorted, 0.90),
                    rank(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }

        private static long rank(long[] sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
