package io.cairn.job;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JobRepository extends JpaRepository<Job, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> lockById(@Param("id") long id);

    /** The job by its id, its row locked: read first in a transaction that changes it, so no update in between is lost. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.jobId = :jobId")
    Optional<Job> lockByJobId(@Param("jobId") String jobId);

    List<Job> findByState(JobState state);

    /**
     * Takes the job's next checkpoint id: the update locks the row until the transaction ends, so
     * ids are unique whichever replica asks, and bumps the version, so a change made from an
     * older read of the job fails instead of writing an older id back.
     */
    @Modifying(clearAutomatically = false, flushAutomatically = true)
    @Query("update Job j set j.nextCheckpointId = j.nextCheckpointId + 1, j.version = j.version + 1 where j.id = :id")
    int incrementNextCheckpointId(@Param("id") long id);

    @Query("select j.nextCheckpointId from Job j where j.id = :id")
    long nextCheckpointId(@Param("id") long id);

    /** Resets the failure count in one statement; no-op (and no row lock) when it is already zero. */
    @Modifying(clearAutomatically = false, flushAutomatically = true)
    @Query("update Job j set j.consecutiveFailures = 0 where j.id = :id and j.consecutiveFailures > 0")
    int resetConsecutiveFailures(@Param("id") long id);

    Optional<Job> findByJobId(String jobId);

    boolean existsByJobId(String jobId);

    Page<Job> findAllByOrderByCreatedAtDescIdDesc(Pageable pageable);

    Page<Job> findByStateOrderByCreatedAtDescIdDesc(JobState state, Pageable pageable);
}
