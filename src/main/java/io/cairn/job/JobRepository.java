package io.cairn.job;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JobRepository extends JpaRepository<Job, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> lockById(@Param("id") long id);

    /** As {@link #lockById}, and the row's version moves on though nothing else of it may change. */
    @Lock(LockModeType.PESSIMISTIC_FORCE_INCREMENT)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> lockAndMoveVersionById(@Param("id") long id);

    /** The job by its id, its row locked: read first in a transaction that changes it, so no update in between is lost. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.jobId = :jobId")
    Optional<Job> lockByJobId(@Param("jobId") String jobId);

    List<Job> findByState(JobState state);

    /**
     * With its tasks in the same statement: every trigger reads its job (Hibernate read the tasks in a
     * second one). A fetch join, not an entity graph: Hibernate does not cache the translation of a
     * query with a graph applied, and translated this one again on every call.
     */
    @Query("select j from Job j left join fetch j.tasks where j.jobId = :jobId")
    Optional<Job> findByJobId(@Param("jobId") String jobId);

    boolean existsByJobId(String jobId);

    /** The job's agent secret alone: read for acks, where loading the whole job (and its tasks) cost more. */
    @Query("select j.agentSecret from Job j where j.jobId = :jobId")
    Optional<String> agentSecretOf(@Param("jobId") String jobId);

    Page<Job> findAllByOrderByCreatedAtDescIdDesc(Pageable pageable);

    Page<Job> findByStateOrderByCreatedAtDescIdDesc(JobState state, Pageable pageable);
}
