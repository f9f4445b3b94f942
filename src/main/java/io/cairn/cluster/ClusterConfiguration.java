package io.cairn.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    LeaseStore leaseStore(JdbcTemplate jdbc) {
        return new LeaseStore(jdbc);
    }

    /** Static: a post-processor must exist before the data source it configures. */
    @Bean
    static FrozenTransactionTimeout frozenTransactionTimeout(Environment environment) {
        return new FrozenTransactionTimeout(environment);
    }
}
