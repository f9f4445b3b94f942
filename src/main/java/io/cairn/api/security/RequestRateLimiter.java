package io.cairn.api.security;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.api.ProblemResponses;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Caps the requests that make work per job (triggers, savepoints, restores) at
 * {@code cairn.security.requests-per-minute} each, with a token bucket as deep as a minute's
 * allowance: a burst passes, a flood answers 429 with {@code Retry-After}.
 */
@Component
class RequestRateLimiter implements HandlerInterceptor {

    private static final Pattern LIMITED = Pattern.compile("^/api/v1/jobs/([^/]+)/(checkpoints|savepoints|restores)$");
    private static final int MAX_BUCKETS = 10_000;

    private final double perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RequestRateLimiter(SecurityProperties properties, Clock clock) {
        this.perMinute = properties.requestsPerMinute();
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        Matcher matcher = LIMITED.matcher(request.getRequestURI());
        if (!matcher.matches()) {
            return true;
        }
        Optional<Long> waitMillis = take(matcher.group(1) + "/" + matcher.group(2));
        if (waitMillis.isEmpty()) {
            return true;
        }
        long seconds = Math.max(1, (waitMillis.get() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        ProblemResponses.write(
                request,
                response,
                429,
                "rate-limited",
                "Too many requests",
                "Job '" + matcher.group(1) + "' accepts " + (long) perMinute + " " + matcher.group(2)
                        + " requests per minute (cairn.security.requests-per-minute); retry in " + seconds + " s",
                Map.of("retryAfterSeconds", seconds));
        return false;
    }

    /** @return empty when a token was taken, else how long until one is there */
    private Optional<Long> take(String key) {
        if (buckets.size() > MAX_BUCKETS) {
            // Full buckets hold no information: dropping them bounds memory against made-up job ids.
            long now = clock.instant().toEpochMilli();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        long now = clock.instant().toEpochMilli();
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(now);
    }

    /** Tokens refill continuously at {@code perMinute}, up to {@code perMinute}. */
    private static final class Bucket {

        private final double capacity;
        private double tokens;
        private long updatedAt;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.updatedAt = now;
        }

        synchronized Optional<Long> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of((long) Math.ceil((1 - tokens) * 60_000 / capacity));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * capacity / 60_000);
            updatedAt = now;
        }
    }
}
