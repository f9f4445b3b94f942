package io.cairn.job;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aJobEndsOnceAndRemembersWhen() {
        Job job = newJob();

        job.fail("disk full", T0.plusSeconds(5));

        assertThat(job.getState()).isEqualTo(JobState.FAILED);
        assertThat(job.getStateReason()).isEqualTo("disk full");
        assertThat(job.getEndedAt()).isEqualTo(T0.plusSeconds(5));
        assertThatThrownBy(() -> job.cancel(T0.plusSeconds(6))).isInstanceOf(JobNotRunning.class);
        assertThatThrownBy(() -> job.finish(T0.plusSeconds(6))).isInstanceOf(JobNotRunning.class);
        assertThat(job.getState()).isEqualTo(JobState.FAILED);
    }

    @Test
    void anEndedJobKeepsItsCheckpointing() {
        Job job = newJob();
        job.finish(T0);

        assertThatThrownBy(() -> job.changeCheckpointing(CheckpointingSettings.defaults(), T0))
                .isInstanceOf(JobNotRunning.class);
        assertThat(job.getCheckpointing().numRetained()).isEqualTo(3);
    }

    @Test
    void knowsWhichSubtasksExist() {
        Job job = newJob();

        assertThat(job.hasSubtask("source", 1)).isTrue();
        assertThat(job.hasSubtask("source", 2)).isFalse();
        assertThat(job.hasSubtask("source", -1)).isFalse();
        assertThat(job.hasSubtask("sink", 0)).isFalse();
        assertThat(job.totalSubtasks()).isEqualTo(6);
    }

    private static Job newJob() {
        CheckpointingSettings settings = new CheckpointingSettings(null, null, null, null, null, null, null, null, 3);
        return new Job(
                "orders-1",
                "orders",
                List.of(new JobTask("source", 2), new JobTask("count", 4)),
                settings,
                "file:/srv/cairn",
                T0);
    }
}
