package io.cairn.retention;

import io.cairn.cluster.JobLeaseTaken;
import io.cairn.cluster.JobOwnership;
import io.cairn.coordinator.CheckpointRecovery;
import io.cairn.job.Job;
import io.cairn.job.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On start, before Cairn takes requests, makes the catalog agree with storage, the ground truth:
 * pending checkpoints are settled, completed ones the catalog lost are registered, checkpoint ids
 * continue above anything on storage, unfinished deletions resume, and every job's retention is
 * applied again (a crash may have come between a completion and its subsumptions).
 */
@Component
class StorageReconciler implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StorageReconciler.class);

    private final CheckpointRecovery recovery;
    private final JobRepository jobs;
    private final RetentionLedger ledger;
    private final DeletionEngine engine;
    private final RetentionService retention;
    private final JobOwnership ownership;

    StorageReconciler(
            CheckpointRecovery recovery,
            JobRepository jobs,
            RetentionLedger ledger,
            DeletionEngine engine,
            RetentionService retention,
            JobOwnership ownership) {
        this.recovery = recovery;
        this.jobs = jobs;
        this.ledger = ledger;
        this.engine = engine;
        this.retention = retention;
        this.ownership = ownership;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (ownership.enabled()) {
            // With several replicas this one owns no job yet; each is reconciled when its lease is taken.
            return;
        }
        recovery.settlePending();
        for (Job job : jobs.findAll()) {
            try {
                recovery.registerFoundOnStorage(job);
            } catch (RuntimeException e) {
                log.error(
                        "Could not reconcile job {} with storage; retried on the next start: {}",
                        job.getJobId(),
                        e.getMessage());
            }
        }
        var unfinished = ledger.unfinished();
        if (!unfinished.isEmpty()) {
            log.info("Resuming {} deletion(s) a previous run did not finish", unfinished.size());
        }
        engine.submit(unfinished);
        jobs.findAll().forEach(job -> retention.applyNow(job.getId()));
    }

    /**
     * A job this replica now coordinates: what its previous coordinator left is settled as a start
     * would settle it, for this job only.
     */
    @EventListener
    void onLeaseTaken(JobLeaseTaken taken) {
        Job job = jobs.findById(taken.jobPk()).orElse(null);
        if (job == null) {
            return;
        }
        try {
            recovery.settlePending(job.getId());
            recovery.registerFoundOnStorage(job);
            engine.submit(ledger.unfinished().stream()
                    .filter(discard -> discard.jobPk() == job.getId())
                    .toList());
            retention.applyNow(job.getId());
        } catch (RuntimeException e) {
            log.error("Could not reconcile job {} at takeover: {}", job.getJobId(), e.getMessage());
        }
    }
}
