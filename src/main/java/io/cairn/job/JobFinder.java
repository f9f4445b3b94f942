package io.cairn.job;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Looks jobs up by their public id; the one place that answers "no such job". */
@Service
@Transactional(readOnly = true)
public class JobFinder {

    private final JobRepository jobs;

    JobFinder(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** @throws JobNotFound when no job has this id */
    public Job require(String jobId) {
        return jobs.findByJobId(jobId).orElseThrow(() -> new JobNotFound(jobId));
    }

    /**
     * The job, its row locked until the caller's transaction ends. The coordinator updates the row
     * all the time (checkpoint ids, failure counts): a change made from a plain read would fail on
     * the row's version whenever a trigger came in between.
     *
     * @throws JobNotFound when no job has this id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Job requireForUpdate(String jobId) {
        return jobs.lockByJobId(jobId).orElseThrow(() -> new JobNotFound(jobId));
    }

    Page<Job> page(JobState state, Pageable pageable) {
        return state == null
                ? jobs.findAllByOrderByCreatedAtDescIdDesc(pageable)
                : jobs.findByStateOrderByCreatedAtDescIdDesc(state, pageable);
    }
}
