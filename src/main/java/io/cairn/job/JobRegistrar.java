package io.cairn.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.cairn.agent.RequestSignature;
import io.cairn.common.InvalidRequest;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers jobs in one transaction: checks the request, writes the job (and the restore a
 * {@code restoreFrom} asks for), then creates its {@code shared/} and {@code taskowned/}
 * directories last. A refusal anywhere writes nothing; a directory that cannot be created rolls
 * the job back, so a recorded job always has them.
 */
@Service
class JobRegistrar {

    private final JobRepository jobs;
    private final CheckpointStorages storages;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JobRegistrar(JobRepository jobs, CheckpointStorages storages, ApplicationEventPublisher events, Clock clock) {
        this.jobs = jobs;
        this.storages = storages;
        this.events = events;
        this.clock = clock;
    }

    /** A {@code restoreFrom} that cannot work refuses the whole registration (one transaction). */
    private static final Logger log = LoggerFactory.getLogger(JobRegistrar.class);

    @Transactional
    Job register(RegisterJobRequest request) {
        List<JobTask> tasks = TaskSpec.toTasks("tasks", request.tasks());
        String jobId = request.jobId() != null ? request.jobId() : generateJobId();
        if (jobs.existsByJobId(jobId)) {
            throw new JobAlreadyExists(jobId);
        }
        StorageRoot root = storages.resolveJobRoot(request.checkpointRoot());
        CheckpointingSettings settings = request.checkpointing() != null
                ? request.checkpointing()
                : CheckpointingSettings.defaults();
        Job job = new Job(jobId, request.name(), tasks, settings, root.toString(), clock.instant());
        job.issueAgentSecret(RequestSignature.newSecret(), clock.instant());
        Job saved;
        try {
            saved = jobs.saveAndFlush(job);
        } catch (DataIntegrityViolationException e) {
            // Another request registered the same id between our check and our insert.
            throw new JobAlreadyExists(jobId);
        }
        if (request.restoreFrom() != null) {
            events.publishEvent(new JobRegistering(saved, request.restoreFrom()));
        }
        storages.forRoot(root).createJobLayout(jobId);
        log.atInfo().addKeyValue("cairn.job", jobId).log("Registered job {} ({}) with {} subtasks under {}{}", jobId,
                request.name(), saved.totalSubtasks(), root, request.restoreFrom() != null ? ", resuming" : "");
        return saved;
    }

    private String generateJobId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
