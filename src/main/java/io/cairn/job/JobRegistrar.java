package io.cairn.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import io.cairn.protocol.RequestSignature;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers jobs. Everything that reads or writes storage happens outside the database
 * transaction: a {@code restoreFrom} is checked first, then the job's {@code shared/} and
 * {@code taskowned/} directories are created, then one short transaction writes the job and its
 * restore. A refusal anywhere keeps nothing: directories this registration created are removed
 * again (only while empty), so a recorded job always has them and a refused one leaves no trace.
 */
@Service
class JobRegistrar {

    private static final Logger log = LoggerFactory.getLogger(JobRegistrar.class);

    private final JobRepository jobs;
    private final CheckpointStorages storages;
    private final ResumeRestores resumes;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JobRegistrar(
            JobRepository jobs,
            CheckpointStorages storages,
            ResumeRestores resumes,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.jobs = jobs;
        this.storages = storages;
        this.resumes = resumes;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    Job register(RegisterJobRequest request) {
        List<JobTask> tasks = TaskSpec.toTasks("tasks", request.tasks());
        String jobId = request.jobId() != null ? request.jobId() : generateJobId();
        if (jobs.existsByJobId(jobId)) {
            throw new JobAlreadyExists(jobId);
        }
        StorageRoot root = storages.resolveJobRoot(request.checkpointRoot());
        CheckpointingSettings settings =
                request.checkpointing() != null ? request.checkpointing() : CheckpointingSettings.defaults();
        Job job = new Job(jobId, request.name(), tasks, settings, root.toString(), clock.instant());
        job.issueAgentSecret(RequestSignature.newSecret(), clock.instant());
        ResumeRestores.Checked restore =
                request.restoreFrom() != null ? resumes.check(job, request.restoreFrom()) : null;
        CheckpointStorage storage = storages.forRoot(root);
        boolean directoryExisted = storage.exists(jobId);
        storage.createJobLayout(jobId);
        Job saved;
        try {
            saved = transactions.execute(status -> {
                Job written;
                try {
                    written = jobs.saveAndFlush(job);
                } catch (DataIntegrityViolationException e) {
                    // Another request registered the same id between our check and our insert.
                    throw new JobAlreadyExists(jobId);
                }
                if (restore != null) {
                    restore.record(written);
                }
                return written;
            });
        } catch (RuntimeException e) {
            if (!directoryExisted) {
                removeEmptyLayout(storage, jobId);
            }
            throw e;
        }
        events.publishEvent(new JobCheckpointingChanged(saved.getId(), jobId));
        log.atInfo()
                .addKeyValue("cairn.job", jobId)
                .log(
                        "Registered job {} ({}) with {} subtasks under {}{}",
                        jobId,
                        request.name(),
                        saved.totalSubtasks(),
                        root,
                        restore != null ? ", resuming" : "");
        return saved;
    }

    /** Undoes what this registration created, and only that: directories still without a file. */
    private static void removeEmptyLayout(CheckpointStorage storage, String jobId) {
        try {
            if (storage.usage(jobId).files() == 0) {
                storage.delete(jobId);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not remove the directories of refused job {}; the orphan sweep reports them: {}",
                    jobId,
                    e.getMessage());
        }
    }

    private String generateJobId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
