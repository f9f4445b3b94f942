package io.cairn.cluster;

import org.springframework.context.annotation.Configuration;
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
        registry.addInterceptor(forwarding).addPathPatterns("/api/v1/jobs/**");
    }
}
