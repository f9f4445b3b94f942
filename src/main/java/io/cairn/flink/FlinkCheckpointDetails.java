package io.cairn.flink;

import java.util.List;

import io.cairn.catalog.FlinkCheckpointEntry;

/**
 * A Flink checkpoint with Flink's statistics per task (job vertex); tasks are empty when Cairn does
 * not follow the job over REST or Flink had forgotten the checkpoint when Cairn looked.
 */
record FlinkCheckpointDetails(FlinkCheckpointView checkpoint, List<Task> tasks) {

    static FlinkCheckpointDetails from(String directory, String flinkJobId, FlinkCheckpointEntry entry) {
        return new FlinkCheckpointDetails(
                FlinkCheckpointView.from(directory, flinkJobId, entry),
                entry.getTasks().stream().map(Task::from).toList());
    }

    /**
     * One task; durations in milliseconds, alignment, sync and async the largest of its subtasks.
     *
     * @param unaligned whether any subtask checkpointed unaligned
     * @param persistedData in-flight data persisted by unaligned subtasks
     */
    record Task(
            String vertexId,
            long stateSize,
            long checkpointedSize,
            long durationMs,
            long alignmentMs,
            long syncMs,
            long asyncMs,
            boolean unaligned,
            long processedData,
            long persistedData,
            int numSubtasks,
            int numAcknowledged) {

        static Task from(FlinkCheckpointEntry.TaskStatistics task) {
            return new Task(
                    task.getVertexId(),
                    task.getStateSize(),
                    task.getCheckpointedSize(),
                    task.getDurationMs(),
                    task.getAlignmentMs(),
                    task.getSyncMs(),
                    task.getAsyncMs(),
                    task.isUnaligned(),
                    task.getProcessedData(),
                    task.getPersistedData(),
                    task.getNumSubtasks(),
                    task.getNumAcknowledged());
        }
    }
}
