package io.cairn.agentclient;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Cairn talks to task agents.
 *
 * @param connectTimeout to open a connection to an agent
 * @param requestTimeout for an agent to answer one call (a trigger is answered before the snapshot runs)
 */
@Validated
@ConfigurationProperties("cairn.agent")
public record AgentProperties(
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout) {}
