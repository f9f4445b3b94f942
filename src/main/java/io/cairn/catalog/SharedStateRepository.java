package io.cairn.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SharedStateRepository extends JpaRepository<SharedStateEntry, Long> {

    Optional<SharedStateEntry> findByJobPkAndStateKey(long jobPk, String stateKey);

    List<SharedStateEntry> findByJobPkAndStateKeyIn(long jobPk, Collection<String> stateKeys);
}
