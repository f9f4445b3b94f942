package io.cairn.cluster;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Changes to a job reach the replica coordinating it, wherever they land. */
@Configuration(proxyBeanMethods = false)
class ClusterWebConfiguration implements WebMvcConfigurer {

    private final OwnerForwarding forwarding;

    ClusterWebConfiguration(OwnerForwarding forwarding) {
        this.forwarding = forwarding;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Before the per-job rate limiter: a forwarded request spends the allowance at the owner
        // only, so a job's limit is one bucket however requests spread over the replicas.
        registry.addInterceptor(forwarding).addPathPatterns("/api/v1/jobs/**").order(Ordered.HIGHEST_PRECEDENCE);
    }
}
