package io.cairn.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    LeaseStore leaseStore(JdbcTemplate jdbc) {
        return new LeaseStore(jdbc);
    }
}
