package io.cairn.agent.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process demo job ({@code demo} profile).
 *
 * @param enabled start the demo job and its agents once Cairn is ready
 * @param interval periodic checkpoint interval of the demo job
 * @param eventsPerSecond synthetic events emitted across the sources
 * @param apiToken an OPERATOR or ADMIN token to register the demo job with; absent, the token
 *     Cairn generated into {@code cairn.security.admin-token-file}
 */
@ConfigurationProperties("cairn.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("10s") Duration interval,
        @DefaultValue("200") int eventsPerSecond,
        String apiToken) {}
