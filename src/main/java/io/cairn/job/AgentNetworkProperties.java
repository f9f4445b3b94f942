package io.cairn.job;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where agents may live. Bound from the coordinator's prefix, where operators look for it; kept
 * apart from {@code CoordinatorProperties} because registration (in this package) enforces it.
 *
 * @param agentNetworks CIDRs an agent URL's host must resolve into; Cairn calls these URLs
 *     (triggers, probes, restores), so anything else would let a caller make Cairn reach it.
 *     Link-local addresses (cloud metadata services among them) are refused whatever this says
 */
@ConfigurationProperties("cairn.coordinator")
record AgentNetworkProperties(
        @DefaultValue({"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"})
        List<String> agentNetworks) {}
