package io.cairn.catalog;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.springframework.data.domain.Persistable;

/** Every subtask's figures of one checkpoint, in one row. Written once, never changed. */
@Entity
@Immutable
@Table(name = "ack_stats")
class AckStatsRow implements Persistable<Long> {

    @Id
    @Column(name = "checkpoint_pk")
    private Long checkpointPk;

    @Convert(converter = AckStatsJson.class)
    @Column(nullable = false, updatable = false)
    private List<TaskSnapshot.Stats> subtasks;

    protected AckStatsRow() {}

    AckStatsRow(long checkpointPk, List<TaskSnapshot.Stats> subtasks) {
        this.checkpointPk = checkpointPk;
        this.subtasks = List.copyOf(subtasks);
    }

    List<TaskSnapshot.Stats> subtasks() {
        return subtasks;
    }

    @Override
    public Long getId() {
        return checkpointPk;
    }

    /** Always new when saved: the key is the checkpoint's, so the default check would read the row first. */
    @Override
    public boolean isNew() {
        return true;
    }
}
