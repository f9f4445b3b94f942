package io.cairn.coordinator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.cairn.job.AgentAddresses.AgentAddress;
import io.cairn.job.CheckpointingSettings;
import io.cairn.job.Job;
import io.cairn.job.JobNotRunning;
import io.cairn.job.JobTask;
import io.cairn.job.TestJobs;
import io.cairn.protocol.Alignment;
import io.cairn.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trigger's preconditions, in their order, with time moved by hand and fakes of its port. */
class TriggerGuardTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration LIVENESS = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);
    private final List<AgentAddress> agents = new ArrayList<>();
    private OptionalLong runningRestore = OptionalLong.empty();
    private final TriggerGuard guard = new TriggerGuard(
            new TriggerFacts() {
                @Override
                public List<AgentAddress> agentsOf(Job job) {
                    return agents;
                }

                @Override
                public OptionalLong runningRestore(Job job) {
                    throw new AssertionError("the guard takes a running restore from the job's read");
                }
            },
            LIVENESS,
            clock);

    @Test
    void everySubtaskWithALiveAgentIsTriggeredAtItsUrl() {
        Job job = job(settings(1, Duration.ZERO));
        seeAll(job);

        Precondition decided = guard.check(read(job), new JobCheckpoints(1, "orders"), Alignment.ALIGNED);

        assertThat(decided.refusal()).isNull();
        assertThat(decided.subtasks())
                .containsExactly(
                        new ExpectedSubtask("source", 0, "http://source-0", false),
                        new ExpectedSubtask("count", 0, "http://count-0", false),
                        new ExpectedSubtask("count", 1, "http://count-1", false));
    }

    @Test
    void anAgentNotSeenForLongerThanTheLivenessIsMissingAndNamed() {
        Job job = job(settings(1, Duration.ZERO));
        seeAll(job);
        clock.advance(LIVENESS);
        // count/1 renewed just now; the others were last seen exactly one liveness ago, and still count.
        agents.set(2, new AgentAddress("count", 1, "http://count-1", false, clock.instant()));
        assertThat(guard.check(read(job), new JobCheckpoints(1, "orders"), Alignment.ALIGNED)
                        .refusal())
                .isNull();

        clock.advance(Duration.ofMillis(1));
        CheckpointRefused refusal = guard.check(read(job), new JobCheckpoints(1, "orders"), Alignment.ALIGNED)
                .refusal();
        assertThat(refusal).isInstanceOf(CheckpointRefused.AgentsMissing.class);
        assertThat(refusal.getMessage())
                .contains("2 subtask(s)")
                .contains("source/0")
                .contains("count/0");
        assertThat(refusal.properties().get("missing")).isEqualTo(List.of("source/0", "count/0"));
    }

    @Test
    void maxConcurrentCountsWhatIsPendingAndAnUnalignedCheckpointRunsAlone() {
        Job job = job(settings(2, Duration.ZERO));
        seeAll(job);
        JobCheckpoints state = new JobCheckpoints(1, "orders");

        state.add(pending(1, Alignment.ALIGNED));
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal()).isNull();
        assertThat(guard.check(read(job), state, Alignment.UNALIGNED).refusal())
                .isInstanceOf(CheckpointRefused.TooManyInFlight.class)
                .hasMessageContaining("runs alone");

        state.add(pending(2, Alignment.ALIGNED));
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal())
                .isInstanceOf(CheckpointRefused.TooManyInFlight.class)
                .hasMessageContaining("as many as maxConcurrent allows");

        // Fully acknowledged and writing its _metadata: it still counts until it is finalized.
        assertThat(state.startFinalizing(2)).isPresent();
        assertThat(state.pendingCount()).isEqualTo(1);
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal())
                .isInstanceOf(CheckpointRefused.TooManyInFlight.class);
        state.finalized(2);
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal()).isNull();

        JobCheckpoints unaligned = new JobCheckpoints(1, "orders");
        unaligned.add(pending(3, Alignment.UNALIGNED));
        assertThat(guard.check(read(job), unaligned, Alignment.ALIGNED).refusal())
                .isInstanceOf(CheckpointRefused.TooManyInFlight.class);
        // A savepoint ignores max-concurrent, but never runs beside an unaligned checkpoint.
        assertThat(guard.checkSavepoint(read(job), state).refusal()).isNull();
        assertThat(guard.checkSavepoint(read(job), unaligned).refusal())
                .isInstanceOf(CheckpointRefused.TooManyInFlight.class);
    }

    @Test
    void minPauseRunsFromTheLastCompletionAndSaysHowLongIsLeft() {
        Job job = job(settings(1, Duration.ofSeconds(10)));
        seeAll(job);
        JobCheckpoints state = new JobCheckpoints(1, "orders");
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal()).isNull();

        state.completed(4, clock.instant());
        clock.advance(Duration.ofSeconds(4));
        CheckpointRefused tooSoon =
                guard.check(read(job), state, Alignment.ALIGNED).refusal();
        assertThat(tooSoon).isInstanceOf(CheckpointRefused.TooSoon.class);
        assertThat(tooSoon.properties().get("retryAfterSeconds")).isEqualTo(6L);

        clock.advance(Duration.ofSeconds(6));
        assertThat(guard.check(read(job), state, Alignment.ALIGNED).refusal()).isNull();
        // Savepoints are not paced by min-pause.
        clock.advance(Duration.ofSeconds(-9));
        assertThat(guard.checkSavepoint(read(job), state).refusal()).isNull();
    }

    @Test
    void aRunningRestoreRefusesBeforeAnythingElseAndAnEndedJobIsNoNotNow() {
        Job job = job(settings(1, Duration.ZERO));
        runningRestore = OptionalLong.of(7);

        CheckpointRefused refusal = guard.check(read(job), new JobCheckpoints(1, "orders"), Alignment.ALIGNED)
                .refusal();
        assertThat(refusal).isInstanceOf(CheckpointRefused.RestoreInProgress.class);
        assertThat(refusal.properties().get("restoreId")).isEqualTo(7L);
        assertThat(guard.checkSavepoint(read(job), new JobCheckpoints(1, "orders"))
                        .refusal())
                .isInstanceOf(CheckpointRefused.RestoreInProgress.class);

        TestJobs.cancelled(job, clock.instant());
        assertThatThrownBy(() -> guard.check(read(job), new JobCheckpoints(1, "orders"), Alignment.ALIGNED))
                .isInstanceOf(JobNotRunning.class);
    }

    /** The job as the trigger read it, with the restore running then. */
    private TriggerJobs.Read read(Job job) {
        return new TriggerJobs.Read(job, 0, 1, runningRestore);
    }

    private Job job(CheckpointingSettings settings) {
        return TestJobs.running("orders", settings, T0, TestJobs.task("source", 1), TestJobs.task("count", 2));
    }

    private static CheckpointingSettings settings(int maxConcurrent, Duration minPause) {
        return new CheckpointingSettings(
                Duration.ofSeconds(30), null, null, null, minPause, maxConcurrent, null, null, 1);
    }

    private void seeAll(Job job) {
        for (JobTask task : job.getTasks()) {
            for (int subtask = 0; subtask < task.parallelism(); subtask++) {
                agents.add(new AgentAddress(
                        task.taskId(), subtask, "http://" + task.taskId() + "-" + subtask, false, clock.instant()));
            }
        }
    }

    private PendingCheckpoint pending(long id, Alignment alignment) {
        return new PendingCheckpoint(
                1,
                "orders",
                id,
                100 + id,
                new SnapshotType.Checkpoint(),
                false,
                alignment,
                clock.instant(),
                0,
                URI.create("file:/srv/cairn/orders/chk-" + id),
                List.of(new PendingCheckpoint.TaskShape("source", 1)),
                List.of(new ExpectedSubtask("source", 0, "http://source-0", false)));
    }
}
