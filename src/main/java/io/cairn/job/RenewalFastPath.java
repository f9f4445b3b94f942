package io.cairn.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.common.JsonFastPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A renewal {@link AgentRenewals} answers from memory, without Spring MVC ({@link JsonFastPath}):
 * every agent renews every few seconds, and at 1,500 agents MVC's share of a renewal was larger
 * than the renewal's own work. Registrations, moves and anything the registry must decide go on to
 * {@link AgentController}.
 */
class RenewalFastPath extends JsonFastPath {

    static final String PATTERN = "/api/v1/jobs/{jobId}/agents/{taskId}/{subtask}";
    private static final Pattern RENEWAL = Pattern.compile("^/api/v1/jobs/([^/%]+)/agents/([^/%]+)/(\\d{1,9})$");

    private final AgentRenewals renewals;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    RenewalFastPath(AgentRenewals renewals, JsonMapper mapper) {
        super("PUT", RENEWAL, PATTERN);
        this.renewals = renewals;
        this.reader = mapper.readerFor(RegisterAgentRequest.class);
        this.writer = mapper.writerFor(AgentView.class);
    }

    @Override
    protected byte[] answer(Matcher path, InputStream body) throws IOException {
        RegisterAgentRequest request = reader.readValue(body);
        if (request == null || request.url() == null) {
            return null;
        }
        return renewals.renewIfKnown(path.group(1), path.group(2), Integer.parseInt(path.group(3)), request.url())
                .map(writer::writeValueAsBytes)
                .orElse(null);
    }

    /** As {@code AckFastPath}'s: registered, not scanned, and last in the chain. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<RenewalFastPath> renewalFastPath(AgentRenewals renewals, JsonMapper mapper) {
            FilterRegistrationBean<RenewalFastPath> registration =
                    new FilterRegistrationBean<>(new RenewalFastPath(renewals, mapper));
            registration.addUrlPatterns("/api/v1/jobs/*");
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }
}
