package io.cairn.cluster;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection pool Spring Boot builds from Cairn's settings (no database is reached): with the
 * cluster on PostgreSQL every connection ends idle transactions after the lease TTL, and anything
 * else keeps the pool as configured.
 */
class FrozenTransactionTimeoutIT {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
            .withUserConfiguration(ClusterConfiguration.class)
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://db:5432/cairn");

    @Test
    void aClusteredReplicaOnPostgresqlEndsIdleTransactionsAfterTheLeaseTtl() {
        contexts.withPropertyValues("cairn.cluster.enabled=true", "cairn.cluster.lease-ttl=20s")
                .run(context -> assertThat(
                                context.getBean(HikariDataSource.class).getConnectionInitSql())
                        .isEqualTo("SET idle_in_transaction_session_timeout = 20000"));
    }

    @Test
    void anOperatorsOwnConnectionStatementIsKeptAndTheTimeoutAdded() {
        contexts.withPropertyValues(
                        "cairn.cluster.enabled=true",
                        "spring.datasource.hikari.connection-init-sql=SET search_path = cairn")
                .run(context -> assertThat(
                                context.getBean(HikariDataSource.class).getConnectionInitSql())
                        .isEqualTo("SET search_path = cairn; SET idle_in_transaction_session_timeout = 15000"));
    }

    @Test
    void aSingleReplicaAndH2KeepThePoolAsConfigured() {
        contexts.run(
                context -> assertThat(context.getBean(HikariDataSource.class).getConnectionInitSql())
                        .isNull());
        contexts.withPropertyValues("cairn.cluster.enabled=true", "spring.datasource.url=jdbc:h2:mem:single")
                .run(context -> assertThat(
                                context.getBean(HikariDataSource.class).getConnectionInitSql())
                        .isNull());
    }
}
