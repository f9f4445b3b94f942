package io.cairn.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.cairn.common.ByteSizes;
import io.cairn.common.DaemonThreads;
import io.cairn.common.GracefulShutdown;
import io.cairn.config.FaultInjection;
import io.cairn.storage.CheckpointStorage;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.SnapshotLocation;
import io.cairn.storage.StorageUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Deletes what the journal says is DISCARDING, on a bounded pool of its own so a slow or failing
 * file system delays deletions, never a checkpoint. A job's shared files are deleted in batches,
 * which the store turns into bulk requests. Each deletion is idempotent: the files go
 * ({@code _metadata} first), then the journal says DISCARDED; a failure is retried later, and a
 * crash in between is finished on the next start. A deletion already queued is not queued twice.
 */
@Component
class DeletionEngine implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeletionEngine.class);
    /** At most as many shared files per task as S3 deletes in one request. */
    private static final int SHARED_FILES_PER_TASK = 1_000;

    private final RetentionLedger ledger;
    private final CheckpointStorages storages;
    private final RetentionMetrics metrics;
    private final FaultInjection faults;
    private final RetentionProperties properties;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService retries;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Discard> deleted = new ConcurrentLinkedQueue<>();

    DeletionEngine(
            RetentionLedger ledger,
            CheckpointStorages storages,
            RetentionMetrics metrics,
            FaultInjection faults,
            RetentionProperties properties) {
        this.ledger = ledger;
        this.storages = storages;
        this.metrics = metrics;
        this.faults = faults;
        this.properties = properties;
        int threads = Math.max(1, properties.deletionThreads());
        this.workers = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                DaemonThreads.named("cairn-deletion"));
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(1, DaemonThreads.named("cairn-deletion-journal"));
        // Retries not yet due are dropped at shutdown: their deletions stay DISCARDING and resume on start.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.retries = scheduler;
        metrics.backlog(queued::size);
        retries.scheduleWithFixedDelay(this::journalDeleted, 50, 50, TimeUnit.MILLISECONDS);
    }

    void submit(Collection<Discard> discards) {
        Map<List<String>, List<Discard>> sharedFilesByJob = new LinkedHashMap<>();
        for (Discard discard : discards) {
            if (!queued.add(discard.key())) {
                continue;
            }
            if (discard.kind() == Discard.Kind.SHARED_STATE) {
                sharedFilesByJob
                        .computeIfAbsent(List.of(discard.root(), discard.jobId()), job -> new ArrayList<>())
                        .add(discard);
            } else {
                workers.execute(() -> run(List.of(discard)));
            }
        }
        // A job's shared files go together, so the store can delete them in bulk requests.
        for (List<Discard> files : sharedFilesByJob.values()) {
            for (int from = 0; from < files.size(); from += SHARED_FILES_PER_TASK) {
                List<Discard> batch =
                        List.copyOf(files.subList(from, Math.min(files.size(), from + SHARED_FILES_PER_TASK)));
                workers.execute(() -> run(batch));
            }
        }
    }

    /** Deletions journaled and not yet done, including those waiting for a retry. */
    int backlog() {
        return queued.size();
    }

    /** Runs one checkpoint's or savepoint's deletion, or a batch of one job's shared files. */
    private void run(List<Discard> batch) {
        Discard first = batch.get(0);
        try {
            StorageUsage usage = delete(storages.forRoot(first.root()), batch);
            faults.reached(FaultInjection.Point.MID_DELETION);
            metrics.deleted(usage);
            // Suppliers: with INFO off, thousands of deletions a second format nothing.
            log.atInfo()
                    .addKeyValue("cairn.job", first.jobId())
                    .setMessage("Deleted {} of job {} ({} files, {})")
                    .addArgument(() -> describe(batch))
                    .addArgument(first.jobId())
                    .addArgument(usage.files())
                    .addArgument(() -> ByteSizes.readable(usage.bytes()))
                    .log();
            deleted.addAll(batch);
        } catch (RuntimeException e) {
            metrics.failed();
            log.warn(
                    "Deleting {} of job {} failed; retrying in {}: {}",
                    describe(batch),
                    first.jobId(),
                    properties.retryDelay(),
                    e.getMessage());
            retries.schedule(
                    () -> workers.execute(() -> run(batch)),
                    properties.retryDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static StorageUsage delete(CheckpointStorage storage, List<Discard> batch) {
        Discard first = batch.get(0);
        return switch (first.kind()) {
            case CHECKPOINT ->
                storage.discard(SnapshotLocation.checkpoint(first.jobId(), Long.parseLong(first.target())));
            case SAVEPOINT -> storage.discard(SnapshotLocation.directory(first.target()));
            case SHARED_STATE -> {
                storage.discardSharedState(
                        first.jobId(), batch.stream().map(Discard::target).toList());
                yield new StorageUsage(
                        batch.size(), batch.stream().mapToLong(Discard::bytes).sum());
            }
        };
    }

    private static String describe(List<Discard> batch) {
        Discard first = batch.get(0);
        if (first.kind() == Discard.Kind.SHARED_STATE) {
            return batch.size() == 1 ? "shared file " + first.target() : batch.size() + " shared files";
        }
        return first.kind().name().toLowerCase(Locale.ROOT) + " " + first.target();
    }

    /**
     * Journals finished deletions DISCARDED in batches: one transaction for many instead of one each.
     * Files gone but not yet journaled stay DISCARDING, and deleting them again on restart is harmless.
     */
    private void journalDeleted() {
        List<Discard> batch = new ArrayList<>();
        for (Discard discard = deleted.poll(); discard != null && batch.size() < 1_000; discard = deleted.poll()) {
            batch.add(discard);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            ledger.discarded(batch);
            batch.forEach(discard -> queued.remove(discard.key()));
        } catch (RuntimeException e) {
            log.warn("Could not journal {} finished deletion(s); retrying: {}", batch.size(), e.getMessage());
            deleted.addAll(batch);
        }
    }

    @Override
    public void destroy() {
        // Deletions not done now stay DISCARDING in the journal and resume on the next start.
        workers.getQueue().clear();
        GracefulShutdown.stop(workers, Duration.ofSeconds(5));
        GracefulShutdown.stop(retries, Duration.ofSeconds(5));
        journalDeleted();
    }
}
