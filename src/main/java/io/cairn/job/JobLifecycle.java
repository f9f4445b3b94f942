package io.cairn.job;

import java.time.Clock;

import io.cairn.protocol.RequestSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends jobs and changes their checkpointing. An end is committed first and then announced as
 * {@link JobEnded}, which is where retention and the coordinator take over.
 */
@Service
@Transactional
class JobLifecycle {

    private final JobFinder finder;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);

    JobLifecycle(JobFinder finder, ApplicationEventPublisher events, Clock clock) {
        this.finder = finder;
        this.events = events;
        this.clock = clock;
    }

    Job cancel(String jobId) {
        Job job = finder.requireForUpdate(jobId);
        job.cancel(clock.instant());
        announceEnd(job);
        return job;
    }

    Job fail(String jobId, String reason) {
        Job job = finder.requireForUpdate(jobId);
        job.fail(reason == null || reason.isBlank() ? "reported failed by the engine" : reason, clock.instant());
        announceEnd(job);
        return job;
    }

    Job finish(String jobId) {
        Job job = finder.requireForUpdate(jobId);
        job.finish(clock.instant());
        announceEnd(job);
        return job;
    }

    Job changeCheckpointing(String jobId, CheckpointingSettings settings) {
        Job job = finder.requireForUpdate(jobId);
        job.changeCheckpointing(settings, clock.instant());
        events.publishEvent(new JobCheckpointingChanged(job.getId(), jobId));
        return job;
    }

    /** Issues a new agent secret, for a lost one or a job registered before agents signed. */
    Job rotateAgentSecret(String jobId) {
        Job job = finder.requireForUpdate(jobId);
        job.issueAgentSecret(RequestSignature.newSecret(), clock.instant());
        events.publishEvent(new AgentSecretRotated(jobId));
        return job;
    }

    private void announceEnd(Job job) {
        log.atInfo().addKeyValue("cairn.job", job.getJobId()).log("Job {} ended {}", job.getJobId(), job.getState());
        events.publishEvent(new JobEnded(job.getId(), job.getJobId(), job.getState()));
    }
}
