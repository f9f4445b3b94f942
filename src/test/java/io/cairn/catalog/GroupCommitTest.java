package io.cairn.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Catalog writes arriving while another commits share one transaction; a failing one fails alone. */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(6);
    private final CountDownLatch firstIsWriting = new CountDownLatch(1);
    private final CountDownLatch firstMayCommit = new CountDownLatch(1);
    private JdbcDataSource dataSource;
    private JdbcTemplate catalog;
    private GroupCommit group;

    @BeforeEach
    void catalog() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        catalog = new JdbcTemplate(dataSource);
        catalog.execute("CREATE TABLE rows_written (name VARCHAR(20) PRIMARY KEY)");
        group = new GroupCommit(new DataSourceTransactionManager(dataSource), () -> {});
    }

    @AfterEach
    void stop() {
        firstMayCommit.countDown();
        callers.shutdownNow();
    }

    @Test
    void writesArrivingWhileAnotherCommitsShareTheNextTransactionAndEachGetsItsResult() throws Exception {
        Future<Object> first = callers.submit(() -> group.write(() -> {
            insert("first");
            firstIsWriting.countDown();
            awaitQuietly(firstMayCommit);
            return transaction();
        }));
        assertThat(firstIsWriting.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Object>> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "follower-" + i;
            followers.add(callers.submit(() -> group.write(() -> {
                insert(name);
                return transaction();
            })));
        }
        await().until(() -> group.waiting() == 5);

        firstMayCommit.countDown();

        Object firstTransaction = first.get(10, TimeUnit.SECONDS);
        List<Object> followerTransactions = new ArrayList<>();
        for (Future<Object> follower : followers) {
            followerTransactions.add(follower.get(10, TimeUnit.SECONDS));
        }
        assertThat(followerTransactions)
                .allSatisfy(transaction -> assertThat(transaction)
                        .isSameAs(followerTransactions.get(0))
                        .isNotSameAs(firstTransaction));
        assertThat(catalog.queryForObject("SELECT COUNT(*) FROM rows_written", Integer.class))
                .isEqualTo(6);
    }

    @Test
    void aWriteThatFailsFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        Future<Object> first = callers.submit(() -> group.write(() -> {
            insert("first");
            firstIsWriting.countDown();
            awaitQuietly(firstMayCommit);
            return null;
        }));
        assertThat(firstIsWriting.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Object>> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "follower-" + i;
            boolean fails = i == 2;
            followers.add(callers.submit(() -> group.write(() -> {
                insert(name);
                if (fails) {
                    throw new IllegalStateException(name + " refused");
                }
                return null;
            })));
        }
        await().until(() -> group.waiting() == 5);

        firstMayCommit.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            Future<Object> follower = followers.get(i);
            if (i == 2) {
                assertThatThrownBy(() -> follower.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("follower-2 refused");
            } else {
                follower.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(catalog.queryForList("SELECT name FROM rows_written ORDER BY name", String.class))
                .containsExactly("first", "follower-0", "follower-1", "follower-3", "follower-4");
    }

    private void insert(String name) {
        catalog.update("INSERT INTO rows_written (name) VALUES (?)", name);
    }

    /** The connection holder bound for the running transaction: one per transaction. */
    private Object transaction() {
        return TransactionSynchronizationManager.getResource(dataSource);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
