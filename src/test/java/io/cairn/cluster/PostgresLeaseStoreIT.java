package io.cairn.cluster;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cairn.testing.RunsAlongside;
import io.cairn.testing.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leases on PostgreSQL, where several replicas share them. */
@RunsAlongside
class PostgresLeaseStoreIT extends LeaseStoreContract {

    private String url;

    @Override
    protected DataSource freshDataSource() {
        url = SharedPostgres.freshDatabase();
        return new SimpleDriverDataSource(new org.postgresql.Driver(), url);
    }

    /**
     * A replica frozen inside a fenced transaction (a GC pause, a stopped container): PostgreSQL
     * ends its transaction after the lease TTL, which frees the lease row, and another replica
     * takes the job. Without that the row stays locked for as long as the replica is frozen.
     */
    @Test
    void theDatabaseEndsAFrozenReplicasTransactionSoAnotherTakesItsJob() throws Exception {
        assertThat(leases.take(job, "a", TTL)).hasValue(1);
        try (HikariDataSource replicaA = clusteredReplicasPool()) {
            Connection frozen = replicaA.getConnection();
            assertThat(fenceLeftOpen(frozen, "a", 1)).isTrue();

            assertThat(await().atMost(Duration.ofSeconds(30))
                            .ignoreExceptionsInstanceOf(TransientDataAccessException.class)
                            .until(() -> leases.take(job, "b", TTL), taken -> taken.isPresent()))
                    .hasValue(2);
            assertThat(frozen.isValid(5))
                    .as("the frozen replica's session, ended by the database")
                    .isFalse();
        }
    }

    /** The pool a clustered replica runs with, as Cairn configures it. */
    private HikariDataSource clusteredReplicasPool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cairn.cluster.enabled", "true")
                .withProperty("cairn.cluster.lease-ttl", TTL.toMillis() + "ms");
        return (HikariDataSource)
                new FrozenTransactionTimeout(environment).postProcessBeforeInitialization(pool, "dataSource");
    }
}
