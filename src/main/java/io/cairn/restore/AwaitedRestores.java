package io.cairn.restore;

import java.time.Clock;

import io.cairn.catalog.Restore;
import io.cairn.common.DomainException;
import io.cairn.job.AgentRegistered;
import io.cairn.job.Job;
import io.cairn.job.JobEnded;
import io.cairn.job.JobRepository;
import io.cairn.job.RestoreFrom;
import io.cairn.job.ResumeRestores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A new job resuming from a checkpoint (Flink's {@code flink run -s}): the restore is checked and
 * recorded with the job's registration, waits for every subtask's agent, is checked again when
 * they are all there, and only then sends its commands. A job that ends first fails it.
 */
@Component
class AwaitedRestores implements ResumeRestores {

    private static final Logger log = LoggerFactory.getLogger(AwaitedRestores.class);

    private final RestorePlanner planner;
    private final RestoreLedger ledger;
    private final RestoreRunner runner;
    private final JobRepository jobs;
    private final ApplicationEventPublisher events;

    private final RestoreProperties properties;
    private final Clock clock;

    AwaitedRestores(
            RestorePlanner planner,
            RestoreLedger ledger,
            RestoreRunner runner,
            JobRepository jobs,
            ApplicationEventPublisher events,
            RestoreProperties properties,
            Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.planner = planner;
        this.ledger = ledger;
        this.runner = runner;
        this.jobs = jobs;
    }

    /** Before the job is saved, outside any transaction: a refusal here refuses the job. */
    @Override
    public Checked check(Job unsaved, RestoreFrom from) {
        RestorePlan plan = planner.planResume(unsaved, from);
        return saved -> ledger.startAwaitingAgents(
                saved,
                plan,
                from.claimMode() != null ? from.claimMode() : Restore.ClaimMode.NO_CLAIM,
                Boolean.TRUE.equals(from.allowNonRestoredState()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onAgentRegistered(AgentRegistered registered) {
        startWhenReady(registered.jobPk());
    }

    /** Starts the job's awaited restore now if its agents are all there already (a shape that only shrank). */
    void startWhenReady(long jobPk) {
        runner.serially(() -> startIfReady(jobPk));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onJobEnded(JobEnded ended) {
        String why = "job '" + ended.jobId() + "' ended " + ended.state() + " before its agents were all there";
        runner.serially(() -> ledger.awaitingAgents(ended.jobPk()).ifPresent(restore -> {
            ledger.failAwaiting(restore.getId(), why);
            events.publishEvent(new RestoreFinished(ended.jobPk(), restore.getId()));
        }));
    }

    @Scheduled(fixedDelayString = "${cairn.restore.agent-wait-check:5s}")
    void failOverdue() {
        runner.serially(this::runOnce);
    }

    /** Fails every restore that has waited for its agents longer than the timeout, naming who is missing. */
    void runOnce() {
        for (Restore restore : ledger.awaitingSince(clock.instant().minus(properties.agentWaitTimeout()))) {
            try {
                Job job = jobs.findById(restore.getJobPk()).orElseThrow();
                String why = "waited " + properties.agentWaitTimeout() + " (cairn.restore.agent-wait-timeout) for "
                        + "the agents of subtasks " + planner.missingSubtasks(job) + " of job '" + job.getJobId()
                        + "'; start them and restore again";
                log.warn("Restore {} failed: {}", restore.getId(), why);
                ledger.failAwaiting(restore.getId(), why);
                events.publishEvent(new RestoreFinished(job.getId(), restore.getId()));
            } catch (RuntimeException e) {
                log.error("Could not end overdue restore {}; retrying on the next check", restore.getId(), e);
            }
        }
    }

    private void startIfReady(long jobPk) {
        try {
            var awaiting = ledger.awaitingAgents(jobPk);
            if (awaiting.isEmpty()) {
                return;
            }
            Job job = jobs.findById(jobPk).orElseThrow();
            if (!job.isRunning() || !planner.agentsComplete(job)) {
                return;
            }
            Restore restore = awaiting.get();
            RestorePlan plan;
            try {
                plan = planner.planAwaited(job, restore);
            } catch (DomainException refused) {
                log.warn(
                        "Restore {} of job {} cannot go on: {}", restore.getId(), job.getJobId(), refused.getMessage());
                ledger.failAwaiting(restore.getId(), refused.getMessage());
                events.publishEvent(new RestoreFinished(jobPk, restore.getId()));
                return;
            }
            runner.send(job, ledger.agentsArrived(restore.getId()), plan);
        } catch (RuntimeException e) {
            log.error("Awaited restore of job {} not started; the next agent registration retries", jobPk, e);
        }
    }
}
