package io.cairn.restore;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.cairn.catalog.Restore.ClaimMode;
import io.cairn.catalog.Restore.SourceKind;
import io.cairn.job.JobTask;

/**
 * What a restore would do, after every check it makes passed: nothing is recorded or sent.
 *
 * @param parallelism the job's shape after the restore, task id to parallelism
 */
record RestoreCheck(
        SourceKind source,
        long checkpointId,
        String metadataPath,
        int subtasks,
        Map<String, Integer> parallelism,
        boolean rescales,
        List<String> skippedTasks,
        ClaimMode claimMode,
        boolean allowNonRestoredState) {

    static RestoreCheck of(RestorePlan plan, RestoreRequest request, List<JobTask> current) {
        List<JobTask> tasks = plan.rescaledTo() == null ? current : plan.rescaledTo();
        Map<String, Integer> shape = tasks.stream()
                .collect(Collectors.toMap(JobTask::taskId, JobTask::parallelism, (a, b) -> a, TreeMap::new));
        return new RestoreCheck(
                plan.sourceKind(),
                plan.checkpointId(),
                plan.metadataPath(),
                plan.commands().size(),
                shape,
                plan.rescaledTo() != null,
                plan.skippedTasks(),
                request.claimModeOrDefault(),
                request.allowNonRestored());
    }
}
