package io.cairn.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs short catalog writes that arrive together in one transaction: a caller's work waits while
 * another transaction commits, and the next committer takes every write that queued meanwhile. A
 * lone write commits at once, on its caller's thread; nothing waits for company.
 *
 * <p>Why: the embedded catalog writes every commit through to its file, serialising each page the
 * transaction changed. Two commits per checkpoint (its trigger and its completion) were a fifth of
 * a replica's CPU with hundreds of jobs; jobs due in the same scheduler tick share one now.
 *
 * <p>A write that fails fails alone: when a shared transaction rolls back, each of its writes is
 * tried again in a transaction of its own, so the others still commit and the failing one's caller
 * gets its own exception. Work may therefore run twice and must only touch the catalog. It runs on
 * whichever caller's thread commits the group, in a new transaction (as {@code REQUIRES_NEW}).
 */
@Component
public class GroupCommit {

    /** Bounds one transaction; the rest go in the next. */
    private static final int MAX_GROUP = 64;

    private final TransactionTemplate newTransaction;
    private final Runnable betweenWrites;
    private final Queue<Write<?>> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();

    /**
     * Each write's rows are flushed and let go before the next write of its group runs: Hibernate
     * dirty-checks every loaded row before each query, which made a group's later writes dearer.
     */
    @Autowired
    public GroupCommit(PlatformTransactionManager transactions, CatalogSession session) {
        this(transactions, session::flushAndForget);
    }

    GroupCommit(PlatformTransactionManager transactions, Runnable betweenWrites) {
        this.newTransaction = new TransactionTemplate(transactions);
        newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.betweenWrites = betweenWrites;
    }

    /**
     * Runs {@code work} in a transaction, possibly shared with other callers' writes, and returns
     * once it is committed.
     *
     * @return what the work returned
     * @throws RuntimeException or Error the work (or its commit) threw, when run alone
     */
    public <T> T write(Supplier<T> work) {
        Write<T> write = new Write<>(work);
        queued.add(write);
        committer.lock();
        try {
            // A committer before us may have taken our write along; a group is bounded, so more
            // writes than MAX_GROUP queued ahead of ours take more than one round.
            while (!write.done) {
                commitQueued();
            }
        } finally {
            committer.unlock();
        }
        return write.outcome();
    }

    /** Writes waiting for the committer; for tests that line up a group. */
    int waiting() {
        return committer.getQueueLength();
    }

    private void commitQueued() {
        List<Write<?>> group = new ArrayList<>();
        for (Write<?> write; group.size() < MAX_GROUP && (write = queued.poll()) != null; ) {
            group.add(write);
        }
        if (group.size() > 1) {
            try {
                newTransaction.executeWithoutResult(status -> {
                    for (int i = 0; i < group.size(); i++) {
                        if (i > 0) {
                            betweenWrites.run();
                        }
                        group.get(i).run();
                    }
                });
                group.forEach(Write::committed);
                return;
            } catch (RuntimeException | Error e) {
                // Somebody's write failed the group: each on its own, so only that one fails.
            }
        }
        for (Write<?> write : group) {
            try {
                newTransaction.executeWithoutResult(status -> write.run());
                write.committed();
            } catch (RuntimeException | Error e) {
                write.failed(e);
            }
        }
    }

    /** One caller's work; its fields are written by the committing thread under the committer lock. */
    private static final class Write<T> {

        private final Supplier<T> work;
        private T result;
        private Throwable failure;
        private volatile boolean done;

        Write(Supplier<T> work) {
            this.work = work;
        }

        void run() {
            result = work.get();
        }

        void committed() {
            done = true;
        }

        void failed(Throwable e) {
            failure = e;
            done = true;
        }

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
