package io.cairn.api.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Runs the rate limiter after authentication, so only callers allowed to act spend a job's allowance. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration implements WebMvcConfigurer {

    private final RequestRateLimiter limiter;

    RateLimitConfiguration(RequestRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(limiter)
                .addPathPatterns("/api/v1/jobs/*/checkpoints", "/api/v1/jobs/*/savepoints", "/api/v1/jobs/*/restores");
    }
}
