package io.cairn.retention;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import io.cairn.coordinator.CheckpointCompleted;
import io.cairn.job.Job;
import io.cairn.job.JobEnded;
import io.cairn.job.JobFinder;
import io.cairn.restore.RestoreFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Applies retention when something changes what must be kept: a checkpoint completed (older ones
 * may be subsumed), a job ended (its retention mode decides), a user deletes a checkpoint. Each
 * decision runs on retention's own thread, one at a time, and hands the deletions to the engine;
 * completions are gathered for a moment and decided together.
 */
@Service
public class RetentionService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private final RetentionLedger ledger;
    private final DeletionEngine engine;
    private final JobFinder finder;
    private final RetentionFigures figures;
    /**
     * Gauges need not follow every completion: each job's figures are recomputed at most this often
     * (a job's first figures come at once). At 5 s, a replica with 250 jobs spent a twentieth of its
     * CPU recounting them; scrapers read every 15 to 60 s.
     */
    static final Duration FIGURES_EVERY = Duration.ofSeconds(30);

    /**
     * Completions are gathered this long, then every job among them is decided in one transaction:
     * one commit for all instead of one each (at 1,500 agents retention's commits were a twentieth
     * of a replica's CPU). What a completion subsumes is journaled and deleted this much later.
     */
    static final Duration GATHER_COMPLETIONS_FOR = Duration.ofMillis(200);

    private final ScheduledThreadPoolExecutor decisions =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("cairn-retention"));
    private final Gathered<Long> completedSinceDecided =
            new Gathered<>(decisions, GATHER_COMPLETIONS_FOR, this::applyCompleted);
    /** Jobs whose decisions freed shared files: the decision's query may have left one out (on H2). */
    private final Gathered<RetentionLedger.SharedFiles> lookAgainAt =
            new Gathered<>(decisions, GATHER_COMPLETIONS_FOR, this::releaseAgain);

    private final Set<Long> figuresDue = ConcurrentHashMap.newKeySet();
    private final Set<Long> figuresShown = ConcurrentHashMap.newKeySet();

    RetentionService(RetentionLedger ledger, DeletionEngine engine, JobFinder finder, RetentionFigures figures) {
        // A figures refresh still waiting must not hold up shutdown.
        decisions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.ledger = ledger;
        this.engine = engine;
        this.finder = finder;
        this.figures = figures;
    }

    @EventListener
    void onCheckpointCompleted(CheckpointCompleted completed) {
        completedSinceDecided.add(completed.jobPk());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onJobEnded(JobEnded ended) {
        decisions.execute(() -> apply(ended.jobPk()));
    }

    /** A restore let go of its checkpoint: under CLAIM, or with the job ended, it may go now. */
    @EventListener
    void onRestoreFinished(RestoreFinished finished) {
        decisions.execute(() -> apply(finished.jobPk()));
    }

    /** Applies the job's retention now, on the caller's thread (start-up reconciliation). */
    void applyNow(long jobPk) {
        apply(jobPk);
    }

    /** Deletes one checkpoint or savepoint at a user's request; returns once its deletion is journaled. */
    void discard(String jobId, long checkpointId) {
        Job job = finder.require(jobId);
        Discard discard = ledger.requestDiscard(job, checkpointId);
        engine.submit(List.of(discard));
        decisions.execute(() -> apply(job.getId()));
    }

    /** @param jobPks jobs with a completion announced since their last decision, each read anew */
    private void applyCompleted(List<Long> jobPks) {
        // Each decision passes its job's fence, which locks the lease row: in job order, as
        // renewals lock them, so the two never wait on each other in a cycle.
        jobPks.sort(null);
        Map<Long, RetentionLedger.Decisions> decided;
        try {
            decided = ledger.decideAll(jobPks);
        } catch (RuntimeException e) {
            // One job's failure (its lease lost, a row changed meanwhile) must not hold up the others.
            jobPks.forEach(this::apply);
            return;
        }
        decided.forEach(this::carryOut);
    }

    private void apply(long jobPk) {
        RetentionLedger.Decisions decided;
        try {
            decided = ledger.decide(jobPk);
        } catch (RuntimeException e) {
            log.error("Retention of job {} failed; it is applied again on the next completion or start", jobPk, e);
            return;
        }
        carryOut(jobPk, decided);
    }

    private void carryOut(long jobPk, RetentionLedger.Decisions decided) {
        engine.submit(decided.checkpoints());
        engine.submit(decided.sharedState());
        if (!decided.sharedState().isEmpty()) {
            lookAgainAt.add(decided.sharedFiles());
        }
        // Gauges, not decisions: one recount per job and interval instead of a catalog query and a
        // walk of every kept checkpoint on each completion.
        if (figuresDue.add(jobPk)) {
            long delay = figuresShown.contains(jobPk) ? FIGURES_EVERY.toMillis() : 0;
            decisions.schedule(() -> refreshFigures(jobPk), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void releaseAgain(List<RetentionLedger.SharedFiles> jobs) {
        try {
            engine.submit(ledger.releaseAgain(jobs));
        } catch (RuntimeException e) {
            // A checkpoint claimed a file meanwhile, or the lease moved: the next decision looks again.
            log.warn("Second look for {} job(s)' freed shared files failed: {}", jobs.size(), e.getMessage());
        }
    }

    private void refreshFigures(long jobPk) {
        figuresDue.remove(jobPk);
        figuresShown.add(jobPk);
        try {
            figures.refresh(jobPk);
        } catch (RuntimeException e) {
            log.warn("Retained-bytes figures of job {} not refreshed: {}", jobPk, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        GracefulShutdown.stop(decisions, Duration.ofSeconds(5));
    }
}
