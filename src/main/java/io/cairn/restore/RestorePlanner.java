package io.cairn.restore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cairn.catalog.Checkpoint;
import io.cairn.catalog.CheckpointKind;
import io.cairn.catalog.CheckpointRepository;
import io.cairn.catalog.CheckpointStatus;
import io.cairn.catalog.Restore;
import io.cairn.catalog.Restore.SourceKind;
import io.cairn.common.InvalidRequest;
import io.cairn.job.Agent;
import io.cairn.job.AgentRegistry;
import io.cairn.job.Job;
import io.cairn.job.JobNotRunning;
import io.cairn.job.JobRepository;
import io.cairn.job.JobTask;
import io.cairn.job.RestoreFrom;
import io.cairn.job.TaskSpec;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.StateHandleRef;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.CheckpointMetadata;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.SnapshotLocation;
import io.cairn.storage.StorageRoot;
import org.springframework.stereotype.Component;

/**
 * Checks a restore request against DESIGN section 5 before anything changes, and works out what
 * each subtask gets. Refusals say what to do instead.
 */
@Component
class RestorePlanner {

    private static final List<CheckpointStatus> RESTORABLE =
            List.of(CheckpointStatus.COMPLETED, CheckpointStatus.RETAINED);

    private final CheckpointRepository checkpoints;
    private final CheckpointStorages storages;
    private final AgentRegistry agents;
    private final JobRepository jobs;
    private final List<StorageRoot> allowedRoots = new ArrayList<>();

    RestorePlanner(
            CheckpointRepository checkpoints,
            CheckpointStorages storages,
            AgentRegistry agents,
            JobRepository jobs,
            RestoreProperties properties) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.storages = storages;
        this.agents = agents;
        allowedRoots.addAll(storages.allowedRoots());
        allowedRoots.add(storages.savepointRoot());
        properties.allowedRoots().forEach(root -> allowedRoots.add(StorageRoot.parse(root)));
    }

    /** A restore of a running job whose agents are all registered. */
    RestorePlan plan(Job job, RestoreRequest request) {
        RestoreRequest.Source source = request.source();
        requireOneSource("source", source.latest(), source.checkpointId(), source.path());
        if (!job.isRunning()) {
            throw new JobNotRunning(job.getJobId(), job.getState(), "restored");
        }
        List<JobTask> tasks = request.tasks() == null ? job.getTasks() : TaskSpec.toTasks("tasks", request.tasks());
        boolean rescales = !tasks.equals(job.getTasks());
        // A new shape has subtasks no agent could register for yet: they come after the restore is recorded.
        Shape shape = new Shape(tasks, !rescales);
        RestorePlan plan = source.path() != null
                ? fromPath(job, source.path(), request, shape)
                : fromCatalog(job, job, source.checkpointId(), request, shape);
        return rescales ? plan.rescalingTo(tasks) : plan;
    }

    /**
     * A new job resuming from another job's checkpoint or a path: every check but the agents', who
     * register later; the plan's agent URLs are null.
     */
    RestorePlan planResume(Job job, RestoreFrom from) {
        requireOneSource("restoreFrom", from.latest(), from.checkpointId(), from.path());
        RestoreRequest request = new RestoreRequest(
                new RestoreRequest.Source(from.latest(), from.checkpointId(), from.path()),
                from.claimMode(),
                from.allowNonRestoredState(),
                null);
        if (from.path() != null) {
            return fromPath(job, from.path(), request, new Shape(job.getTasks(), false));
        }
        if (from.jobId() == null) {
            throw new InvalidRequest(
                    "restoreFrom.jobId",
                    "restoreFrom.jobId names the job whose "
                            + (from.checkpointId() != null ? "checkpoint " + from.checkpointId() : "latest checkpoint")
                            + " to resume from; give it, or a path");
        }
        Job source = jobs.findByJobId(from.jobId())
                .orElseThrow(() -> RestoreRefused.nothingToRestore(
                        "There is no job '" + from.jobId() + "' to resume from (restoreFrom.jobId)"));
        if (source.isRunning() && from.claimMode() == Restore.ClaimMode.CLAIM) {
            // Under CLAIM the new job would own, and in time delete, files the running job still uses.
            throw RestoreRefused.conflict("Job '" + from.jobId() + "' is still RUNNING, so its checkpoints stay its "
                    + "own: resume from it with claimMode NO_CLAIM, or end it first to CLAIM its checkpoint");
        }
        return fromCatalog(source, job, from.checkpointId(), request, new Shape(job.getTasks(), false));
    }

    /** A restore that waited for its job's agents, checked again now that they are there. */
    RestorePlan planAwaited(Job job, Restore restore) {
        RestoreRequest request = new RestoreRequest(
                new RestoreRequest.Source(null, null, restore.getMetadataPath()),
                restore.getClaimMode(),
                restore.isAllowNonRestoredState(),
                null);
        RestorePlan plan = fromPath(job, restore.getMetadataPath(), request, new Shape(job.getTasks(), true));
        return new RestorePlan(
                restore.getSourceKind(),
                restore.getCheckpointPk(),
                plan.checkpointId(),
                plan.metadataPath(),
                plan.checkpointDir(),
                plan.sharedDir(),
                plan.commands(),
                plan.skippedTasks(),
                null);
    }

    /** Whether every subtask of the job has a registered agent. */
    boolean agentsComplete(Job job) {
        return missingSubtasks(job).isEmpty();
    }

    /** Subtasks of the job without a registered agent, as {@code task/subtask}. */
    List<String> missingSubtasks(Job job) {
        return agents.missingSubtasks(job);
    }

    /**
     * The tasks a restore goes into, and whether each subtask must already have its agent (not when
     * the restore changes the shape or the job is new: those agents register after it is recorded).
     */
    private record Shape(List<JobTask> tasks, boolean agentsRequired) {}

    private static void requireOneSource(String field, Boolean latest, Long checkpointId, String path) {
        int given = (Boolean.TRUE.equals(latest) ? 1 : 0) + (checkpointId != null ? 1 : 0) + (path != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidRequest(field, field + " needs exactly one of latest (true), checkpointId or path");
        }
    }

    private RestorePlan fromCatalog(Job sourceJob, Job job, Long checkpointId, RestoreRequest request, Shape shape) {
        Checkpoint checkpoint;
        if (checkpointId == null) {
            checkpoint = checkpoints
                    .findFirstByJobPkAndStatusInOrderByCheckpointIdDesc(sourceJob.getId(), RESTORABLE)
                    .orElseThrow(() -> RestoreRefused.nothingToRestore("Job '" + sourceJob.getJobId()
                            + "' has no completed checkpoint to restore; take one, or restore from a path"));
        } else {
            checkpoint = checkpoints
                    .findByJobPkAndCheckpointId(sourceJob.getId(), checkpointId)
                    .orElseThrow(() -> RestoreRefused.nothingToRestore(
                            "Job '" + sourceJob.getJobId() + "' has no checkpoint " + checkpointId));
            if (!checkpoint.getStatus().restorable()) {
                throw RestoreRefused.conflict("Checkpoint " + checkpointId + " is " + checkpoint.getStatus()
                        + " and cannot be restored; restore a COMPLETED or RETAINED one");
            }
        }
        SourceKind kind = checkpointId == null ? SourceKind.LATEST : SourceKind.CHECKPOINT;
        if (checkpoint.getKind() == CheckpointKind.SAVEPOINT) {
            // Self-contained in its own directory; its parent is as good a root as any to read it from.
            StorageRoot savepoint = StorageRoot.parse(checkpoint.getExternalPath());
            StorageRoot parent = savepoint.parent();
            String name = savepoint.name();
            return build(
                    job, request, parent, name, CheckpointLayout.sharedBeside(name), checkpoint.getId(), kind, shape);
        }
        StorageRoot root = StorageRoot.parse(sourceJob.getCheckpointRoot());
        return build(
                job,
                request,
                root,
                CheckpointLayout.checkpointDirectory(sourceJob.getJobId(), checkpoint.getCheckpointId()),
                CheckpointLayout.sharedDirectory(sourceJob.getJobId()),
                checkpoint.getId(),
                kind,
                shape);
    }

    private RestorePlan fromPath(Job job, String path, RestoreRequest request, Shape shape) {
        StorageRoot target;
        try {
            target = StorageRoot.parse(CheckpointLayout.directoryOf(path));
        } catch (IllegalArgumentException e) {
            throw RestoreRefused.invalidPath("source.path cannot be used: " + e.getMessage());
        }
        StorageRoot root = allowedRoots.stream()
                .filter(allowed -> allowed.contains(target) && !allowed.equals(target))
                .findFirst()
                .orElseThrow(() -> RestoreRefused.invalidPath("source.path '" + path + "' is not under an allowed root "
                        + allowedRoots + " (cairn.restore.allowed-roots)"));
        String directory = relativeTo(root, target);
        return build(
                job, request, root, directory, CheckpointLayout.sharedBeside(directory), null, SourceKind.PATH, shape);
    }

    private RestorePlan build(
            Job job,
            RestoreRequest request,
            StorageRoot root,
            String directory,
            String shared,
            Long checkpointPk,
            SourceKind kind,
            Shape shape) {
        CheckpointStorage storage = storages.forVouchedRoot(root);
        CheckpointMetadata metadata = storage.readMetadata(SnapshotLocation.directory(directory))
                .orElseThrow(() -> RestoreRefused.unusable("There is no _metadata at " + root + "/" + directory
                        + ": the checkpoint never completed or was deleted"));
        checkFiles(storage, metadata, directory, shared);
        Map<String, JobTask> jobTasks = new LinkedHashMap<>();
        shape.tasks().forEach(task -> jobTasks.put(task.taskId(), task));
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
        Map<String, RestorePlan.SubtaskState> commands = commands(job, metadata, shape);
        return new RestorePlan(
                kind,
                checkpointPk,
                metadata.checkpointId(),
                CheckpointLayout.metadataOf(root + "/" + directory),
                root + "/" + directory,
                root + "/" + shared,
                commands,
                skipped,
                null);
    }

    /** Every file the metadata names must be there: a restore that fails halfway is worse than a refusal. */
    private static void checkFiles(
            CheckpointStorage storage, CheckpointMetadata metadata, String directory, String shared) {
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
    private Map<String, RestorePlan.SubtaskState> commands(Job job, CheckpointMetadata metadata, Shape shape) {
        Map<String, Agent> byKey = new LinkedHashMap<>();
        if (job.getId() != null) {
            // A job being registered has no agents yet (and no row to look them up by).
            agents.agentsOf(job).forEach(agent -> byKey.put(agent.getTaskId() + "/" + agent.getSubtask(), agent));
        }
        List<String> missing = new ArrayList<>();
        Map<String, RestorePlan.SubtaskState> commands = new LinkedHashMap<>();
        for (JobTask task : shape.tasks()) {
            Optional<CheckpointMetadata.TaskState> old = metadata.tasks().stream()
                    .filter(state -> state.taskId().equals(task.taskId()))
                    .findFirst();
            for (int subtask = 0; subtask < task.parallelism(); subtask++) {
                String key = task.taskId() + "/" + subtask;
                Agent agent = byKey.get(key);
                if (agent == null && shape.agentsRequired()) {
                    missing.add(key);
                    continue;
                }
                commands.put(key, stateFor(task, subtask, agent == null ? null : agent.getUrl(), old.orElse(null)));
            }
        }
        if (!missing.isEmpty()) {
            throw RestoreRefused.conflict("Job '" + job.getJobId() + "' has no agent for " + missing
                    + "; start them (they register themselves) and restore again");
        }
        return commands;
    }

    private static RestorePlan.SubtaskState stateFor(
            JobTask task, int subtask, String agentUrl, CheckpointMetadata.TaskState old) {
        if (old == null) {
            return new RestorePlan.SubtaskState(task.taskId(), subtask, agentUrl, List.of(), null);
        }
        List<CheckpointMetadata.SubtaskState> sources = old.parallelism() == task.parallelism()
                ? old.subtasks().stream()
                        .filter(state -> state.subtask() == subtask)
                        .toList()
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
        String relative = root.relativize(target);
        if (relative.isEmpty()) {
            throw RestoreRefused.invalidPath("source.path names a root itself, not a checkpoint directory");
        }
        return relative;
    }
}
