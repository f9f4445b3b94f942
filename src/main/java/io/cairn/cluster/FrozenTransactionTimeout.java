package io.cairn.cluster;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * With several replicas, PostgreSQL ends a transaction left idle longer than the lease TTL, and with
 * it the session. A replica frozen inside a transaction (a long GC pause, a stopped container, a
 * migrating VM) would otherwise keep its row locks for as long as it is frozen, among them the
 * lease row its fence locked: no other replica could take that job even after the lease lapsed.
 * Cairn's transactions never wait on I/O or on agents (they last milliseconds), so none of them
 * comes near the TTL; when the frozen replica wakes, its transaction fails and the fence has
 * already moved on.
 */
final class FrozenTransactionTimeout implements BeanPostProcessor {

    private final Environment environment;

    FrozenTransactionTimeout(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool
                && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            ClusterProperties cluster = Binder.get(environment).bindOrCreate("cairn.cluster", ClusterProperties.class);
            if (cluster.enabled()) {
                String timeout = "SET idle_in_transaction_session_timeout = "
                        + cluster.leaseTtl().toMillis();
                String configured = pool.getConnectionInitSql();
                pool.setConnectionInitSql(
                        configured == null || configured.isBlank() ? timeout : configured + "; " + timeout);
            }
        }
        return bean;
    }
}
