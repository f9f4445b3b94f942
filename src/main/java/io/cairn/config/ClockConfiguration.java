package io.cairn.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one source of wall-clock time; tests replace it with a mutable clock. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /**
     * Microsecond ticks: what the catalog stores, so an instant reads back as it was written.
     * Java 17's tick clock divides by zero in {@code millis()} for ticks under a millisecond, so
     * callers read {@code instant().toEpochMilli()}.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
