package io.cairn.job;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobRepository extends JpaRepository<Job, Long> {

    Optional<Job> findByJobId(String jobId);

    boolean existsByJobId(String jobId);

    Page<Job> findAllByOrderByCreatedAtDescIdDesc(Pageable pageable);

    Page<Job> findByStateOrderByCreatedAtDescIdDesc(JobState state, Pageable pageable);
}
