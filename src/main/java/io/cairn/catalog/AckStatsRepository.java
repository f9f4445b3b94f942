package io.cairn.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

interface AckStatsRepository extends JpaRepository<AckStatsRow, Long> {}
