package io.cairn.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.cairn.common.InvalidRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The allow-list for agent URLs: Cairn sends requests to every registered URL, so a registration
 * must not make it call a cloud metadata service or a host outside the engine's networks (a
 * server-side request forgery path). Every address the host resolves to must be allowed.
 */
@Component
class AgentNetworks {

    /** Never allowed, whatever is configured: link-local, where cloud metadata services answer. */
    private static final List<IpAddressMatcher> NEVER = List.of(
            new IpAddressMatcher("169.254.0.0/16"),
            new IpAddressMatcher("fe80::/10"),
            new IpAddressMatcher("fd00:ec2::254/128"),
            new IpAddressMatcher("0.0.0.0/32"));

    private final List<String> configured;
    private final List<IpAddressMatcher> allowed;

    AgentNetworks(AgentNetworkProperties properties) {
        this.configured = List.copyOf(properties.agentNetworks());
        this.allowed = configured.stream().map(IpAddressMatcher::new).toList();
    }

    /** @throws InvalidRequest naming the setting when the host is unknown or lies outside the allowed networks */
    void requireAllowed(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new InvalidRequest(
                    "url", "the agent host '" + host + "' does not resolve; register a URL Cairn " + "can reach");
        }
        for (InetAddress address : addresses) {
            String ip = address.getHostAddress();
            if (NEVER.stream().anyMatch(matcher -> matcher.matches(ip))) {
                throw new InvalidRequest(
                        "url",
                        "the agent host '" + host + "' is " + ip
                                + ", a link-local address (cloud metadata services answer there); Cairn never calls one");
            }
            if (allowed.stream().noneMatch(matcher -> matcher.matches(ip))) {
                throw new InvalidRequest(
                        "url",
                        "the agent host '" + host + "' is " + ip + ", outside the agent " + "networks " + configured
                                + "; add its network to cairn.coordinator.agent-networks");
            }
        }
    }
}
