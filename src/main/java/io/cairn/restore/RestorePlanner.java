package io.cairn.restore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cairn.agent.Alignment;
import io.cairn.agent.StateHandleRef;
import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.Restore.SourceKind;
import io.cairn.common.InvalidRequest;
import io.cairn.job.Agent;
import io.cairn.job.AgentRegistry;
import io.cairn.job.Job;
import io.cairn.job.JobNotRunning;
import io.cairn.job.JobTask;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageRoot;
import org.springframework.stereotype.Component;

/**
 * Checks a restore request against DESIGN section 5 before anything changes, and works out what
 * each subtask gets. Refusals say what to do instead.
 */
@Component
class RestorePlanner {

    private static final List<CheckpointStatus> RESTORABLE = List.of(CheckpointStatus.COMPLETED,
            CheckpointStatus.RETAINED);

    private final CheckpointRepository checkpoints;
    private final CheckpointStorages storages;
    private final AgentRegistry agents;
    private final List<StorageRoot> allowedRoots = new ArrayList<>();

    RestorePlanner(CheckpointRepository checkpoints, CheckpointStorages storages, AgentRegistry agents,
            RestoreProperties properties) {
        this.checkpoints = checkpoints;
        this.storages = storages;
        this.agents = agents;
        allowedRoots.addAll(storages.allowedRoots());
        allowedRoots.add(storages.savepointRoot());
        properties.allowedRoots().forEach(root -> allowedRoots.add(StorageRoot.parse(root)));
    }

    RestorePlan plan(Job job, RestoreRequest request) {
        RestoreRequest.Source source = request.source();
        int given = (Boolean.TRUE.equals(source.latest()) ? 1 : 0) + (source.checkpointId() != null ? 1 : 0)
                + (source.path() != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidRequest("source", "source needs exactly one of latest (true), checkpointId or path");
        }
        if (!job.isRunning()) {
            throw new JobNotRunning(job.getJobId(), job.getState(), "restored");
        }
        return source.path() != null ? fromPath(job, source.path(), request)
                : fromCatalog(job, source.checkpointId(), request);
    }

    private RestorePlan fromCatalog(Job job, Long checkpointId, RestoreRequest request) {
        Checkpoint checkpoint;
        if (checkpointId == null) {
            checkpoint = checkpoints.findFirstByJobPkAndStatusInOrderByCheckpointIdDesc(job.getId(), RESTORABLE)
                    .orElseThrow(() -> RestoreRefused.nothingToRestore("Job '" + job.getJobId()
                            + "' has no completed checkpoint to restore; take one, or restore from a path"));
        } else {
            checkpoint = checkpoints.findByJobPkAndCheckpointId(job.getId(), checkpointId)
                    .orElseThrow(() -> RestoreRefused.nothingToRestore("Job '" + job.getJobId()
                            + "' has no checkpoint " + checkpointId));
            if (!checkpoint.getStatus().restorable()) {
                throw RestoreRefused.conflict("Checkpoint " + checkpointId + " is " + checkpoint.getStatus()
                        + " and cannot be restored; restore a COMPLETED or RETAINED one (GET /api/v1/jobs/"
                        + job.getJobId() + "/checkpoints?status=COMPLETED)");
            }
        }
        StorageRoot root = StorageRoot.parse(job.getCheckpointRoot());
        String directory = checkpoint.getKind() == CheckpointKind.CHECKPOINT
                ? job.getJobId() + "/chk-" + checkpoint.getCheckpointId()
                : relativeTo(root, StorageRoot.parse(checkpoint.getExternalPath()));
        return build(job, request, root, directory, job.getJobId() + "/shared", checkpoint.getId(),
                checkpointId == null ? SourceKind.LATEST : SourceKind.CHECKPOINT);
    }

    private RestorePlan fromPath(Job job, String path, RestoreRequest request) {
        StorageRoot target;
        try {
            target = StorageRoot.parse(path.endsWith("/_metadata") ? path.substring(0, path.length() - 10) : path);
        } catch (IllegalArgumentException e) {
            throw RestoreRefused.invalidPath("source.path cannot be used: " + e.getMessage());
        }
        StorageRoot root = allowedRoots.stream().filter(allowed -> allowed.contains(target)
                && !allowed.equals(target)).findFirst().orElseThrow(() -> RestoreRefused.invalidPath("source.path '"
                        + path + "' is not under an allowed root " + allowedRoots + " (cairn.restore.allowed-roots)"));
        String directory = relativeTo(root, target);
        String parent = directory.contains("/") ? directory.substring(0, directory.lastIndexOf('/')) : "";
        String shared = parent.isEmpty() ? "shared" : parent + "/shared";
        return build(job, request, root, directory, shared, null, SourceKind.PATH);
    }

    private RestorePlan build(Job job, RestoreRequest request, StorageRoot root, String directory, String shared,
            Long checkpointPk, SourceKind kind) {
        CheckpointStorage storage = storages.forRoot(root);
        CheckpointMetadata metadata = storage.readMetadataAt(directory)
                .orElseThrow(() -> RestoreRefused.unusable("There is no _metadata at " + root + "/" + directory
                        + ": the checkpoint never completed or was deleted"));
        checkFiles(storage, metadata, directory, shared);
        Map<String, JobTask> jobTasks = new LinkedHashMap<>();
        job.getTasks().forEach(task -> jobTasks.put(task.taskId(), task));
        List<String> skipped = new ArrayList<>();
        for (CheckpointMetadata.TaskState task : metadata.tasks()) {
            JobTask now = jobTasks.get(task.taskId());
            if (now == null) {
                skipped.add(task.taskId());
            } else if (now.parallelism() != task.parallelism() && metadata.alignment() == Alignment.UNALIGNED) {
                throw RestoreRefused.conflict("Checkpoint " + metadata.checkpointId() + " is unaligned: its in-flight "
                        + "data cannot be redistributed from parallelism " + task.parallelism() + " to "
                        + now.parallelism() + " for task '" + task.taskId() + "'; take a savepoint (always aligned) "
                        + "at the old parallelism and restore that");
            }
        }
        if (!skipped.isEmpty() && metadata.alignment() == Alignment.UNALIGNED) {
            throw RestoreRefused.conflict("Checkpoint " + metadata.checkpointId() + " is unaligned and the job's task "
                    + "set changed (" + skipped + " are gone); take a savepoint first");
        }
        if (!skipped.isEmpty() && !request.allowNonRestored()) {
            throw RestoreRefused.conflict("The checkpoint holds state of task(s) " + skipped + " the job no longer "
                    + "has; set allowNonRestoredState to skip it");
        }
        Map<String, RestorePlan.SubtaskState> commands = commands(job, metadata);
        return new RestorePlan(kind, checkpointPk, metadata.checkpointId(), root + "/" + directory + "/_metadata",
                root + "/" + directory, root + "/" + shared, commands, skipped);
    }

    /** Every file the metadata names must be there: a restore that fails halfway is worse than a refusal. */
    private static void checkFiles(CheckpointStorage storage, CheckpointMetadata metadata, String directory,
            String shared) {
        Set<String> checked = new HashSet<>();
        for (CheckpointMetadata.TaskState task : metadata.tasks()) {
            for (CheckpointMetadata.SubtaskState subtask : task.subtasks()) {
                List<CheckpointMetadata.StateHandle> handles = new ArrayList<>(subtask.handles());
                handles.addAll(subtask.inFlight());
                for (CheckpointMetadata.StateHandle handle : handles) {
                    String file = switch (handle.location()) {
                        case EXCLUSIVE -> directory + "/" + handle.path();
                        case SHARED -> shared + "/" + handle.path();
                        case INLINE -> null;
                    };
                    if (file != null && checked.add(file) && !storage.exists(file)) {
                        throw RestoreRefused.unusable("File " + file + " named by checkpoint " + metadata.checkpointId()
                                + " (task " + task.taskId() + ", subtask " + subtask.subtask() + ") is missing; "
                                + "restore another checkpoint");
                    }
                }
            }
        }
    }

    /** Each subtask's handles: its own at equal parallelism, every old subtask's when rescaling (aligned only). */
    private Map<String, RestorePlan.SubtaskState> commands(Job job, CheckpointMetadata metadata) {
        Map<String, Agent> byKey = new LinkedHashMap<>();
        agents.agentsOf(job).forEach(agent -> byKey.put(agent.getTaskId() + "/" + agent.getSubtask(), agent));
        List<String> missing = new ArrayList<>();
        Map<String, RestorePlan.SubtaskState> commands = new LinkedHashMap<>();
        for (JobTask task : job.getTasks()) {
            Optional<CheckpointMetadata.TaskState> old = metadata.tasks().stream()
                    .filter(state -> state.taskId().equals(task.taskId())).findFirst();
            for (int subtask = 0; subtask < task.parallelism(); subtask++) {
                String key = task.taskId() + "/" + subtask;
                if (!byKey.containsKey(key)) {
                    missing.add(key);
                    continue;
                }
                commands.put(key, stateFor(task, subtask, byKey.get(key).getUrl(), old.orElse(null)));
            }
        }
        if (!missing.isEmpty()) {
            throw RestoreRefused.conflict("Job '" + job.getJobId() + "' has no agent for " + missing
                    + "; start them (they register themselves) and restore again");
        }
        return commands;
    }

    private static RestorePlan.SubtaskState stateFor(JobTask task, int subtask, String agentUrl,
            CheckpointMetadata.TaskState old) {
        if (old == null) {
            return new RestorePlan.SubtaskState(task.taskId(), subtask, agentUrl, List.of(), null);
        }
        List<CheckpointMetadata.SubtaskState> sources = old.parallelism() == task.parallelism()
                ? old.subtasks().stream().filter(state -> state.subtask() == subtask).toList()
                : old.subtasks();
        List<StateHandleRef> handles = new ArrayList<>();
        Long watermark = null;
        for (CheckpointMetadata.SubtaskState source : sources) {
            source.handles().forEach(handle -> handles.add(ref(handle, false)));
            source.inFlight().forEach(handle -> handles.add(ref(handle, true)));
            if (source.watermark() != null) {
                watermark = watermark == null ? source.watermark() : Math.min(watermark, source.watermark());
            }
        }
        return new RestorePlan.SubtaskState(task.taskId(), subtask, agentUrl, handles, watermark);
    }

    private static StateHandleRef ref(CheckpointMetadata.StateHandle handle, boolean inFlight) {
        StateHandleRef.Location location = switch (handle.location()) {
            case EXCLUSIVE -> StateHandleRef.Location.EXCLUSIVE;
            case SHARED -> StateHandleRef.Location.SHARED;
            case INLINE -> StateHandleRef.Location.INLINE;
        };
        return new StateHandleRef(location, handle.path(), handle.size(), handle.inline(), inFlight, false);
    }

    private static String relativeTo(StorageRoot root, StorageRoot target) {
        String base = root.uri().getPath();
        String path = target.uri().getPath();
        String relative = path.substring(base.length()).replaceFirst("^/+", "");
        if (relative.isEmpty()) {
            throw RestoreRefused.invalidPath("source.path names a root itself, not a checkpoint directory");
        }
        return relative;
    }
}
