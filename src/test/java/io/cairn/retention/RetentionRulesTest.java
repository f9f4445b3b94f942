package io.cairn.retention;

import java.util.List;

import io.cairn.job.JobState;
import io.cairn.job.RetentionMode;
import io.cairn.retention.RetentionRules.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionRulesTest {

    /** DESIGN section 4's table, cell by cell. */
    @ParameterizedTest(name = "{0} when {1}: keep={2}")
    @CsvSource({
        "NO_EXTERNALIZED_CHECKPOINTS, FINISHED, false",
        "NO_EXTERNALIZED_CHECKPOINTS, CANCELED, false",
        "NO_EXTERNALIZED_CHECKPOINTS, FAILED,   false",
        "DELETE_ON_CANCELLATION,      FINISHED, false",
        "DELETE_ON_CANCELLATION,      CANCELED, false",
        "DELETE_ON_CANCELLATION,      FAILED,   true",
        "RETAIN_ON_CANCELLATION,      FINISHED, false",
        "RETAIN_ON_CANCELLATION,      CANCELED, true",
        "RETAIN_ON_CANCELLATION,      FAILED,   true"
    })
    void aJobsEndKeepsOrDeletesItsCheckpointsByRetentionMode(RetentionMode mode, JobState end, boolean keep) {
        assertThat(RetentionRules.keepOnEnd(mode, end)).isEqualTo(keep);
    }

    @Test
    void keepsTheNewestNumRetainedAndSubsumesTheRest() {
        List<Candidate> newestFirst = List.of(candidate(5), candidate(4), candidate(3), candidate(2), candidate(1));

        assertThat(RetentionRules.subsumed(newestFirst, 2))
                .extracting(Candidate::checkpointId)
                .containsExactly(3L, 2L, 1L);
    }

    @Test
    void neverSubsumesTheNewestNorWhatARestoreReadsOrANoClaimRestoreBroughtIn() {
        List<Candidate> newestFirst =
                List.of(candidate(5), new Candidate(4, true, false), new Candidate(3, false, true), candidate(2));

        assertThat(RetentionRules.subsumed(newestFirst, 1))
                .extracting(Candidate::checkpointId)
                .containsExactly(2L);
        assertThat(RetentionRules.subsumed(List.of(candidate(9)), 0)).isEmpty();
    }

    private static Candidate candidate(long id) {
        return new Candidate(id, false, false);
    }
}
