package io.cairn.catalog;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** Every subtask's figures of one checkpoint, in one row. Written once ({@link AckStats}), never changed; read here. */
@Entity
@Immutable
@Table(name = "ack_stats")
class AckStatsRow {

    @Id
    @Column(name = "checkpoint_pk")
    private Long checkpointPk;

    @Convert(converter = AckStatsJson.class)
    @Column(nullable = false, updatable = false)
    private List<TaskSnapshot.Stats> subtasks;

    protected AckStatsRow() {}

    List<TaskSnapshot.Stats> subtasks() {
        return subtasks;
    }
}
