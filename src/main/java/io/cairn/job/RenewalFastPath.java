package io.cairn.job;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.common.JsonFastPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * A renewal {@link AgentRenewals} answers from memory, without Spring MVC ({@link JsonFastPath}):
 * every agent renews every few seconds, and at 1,500 agents MVC's share of a renewal was larger
 * than the renewal's own work. Registrations, moves and anything the registry must decide go on to
 * {@link AgentController}.
 */
class RenewalFastPath extends JsonFastPath<RegisterAgentRequest, AgentView> {

    static final String PATTERN = "/api/v1/jobs/{jobId}/agents/{taskId}/{subtask}";
    private static final Pattern RENEWAL = Pattern.compile("^/api/v1/jobs/([^/%]+)/agents/([^/%]+)/(\\d{1,9})$");

    private final AgentRenewals renewals;

    RenewalFastPath(AgentRenewals renewals, JsonMapper mapper) {
        super("PUT", RENEWAL, PATTERN, mapper, RegisterAgentRequest.class, AgentView.class);
        this.renewals = renewals;
    }

    @Override
    protected AgentView answer(Matcher path, RegisterAgentRequest request) {
        if (request.url() == null) {
            return null;
        }
        return renewals.renewIfKnown(
                        path.group(1),
                        path.group(2),
                        Integer.parseInt(path.group(3)),
                        request.url(),
                        request.isBatched())
                .orElse(null);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<RenewalFastPath> renewalFastPath(AgentRenewals renewals, JsonMapper mapper) {
            return lastInChain(new RenewalFastPath(renewals, mapper));
        }
    }
}
