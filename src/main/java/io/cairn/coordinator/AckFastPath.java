package io.cairn.coordinator;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.protocol.AckResponse;
import io.cairn.protocol.Acknowledge;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent protocol's hottest call, an ack that is accepted, answered without Spring MVC: every
 * agent sends one per checkpoint, and MVC's dispatch, handler lookup, data binder and message
 * conversion were half of Cairn's CPU per ack at 64 agents. It runs after the security chain (the
 * signature is checked, the body is in memory) and reads and writes JSON with the application's
 * own mapper. Anything else — another content type or Accept, a body that does not parse, a
 * refused ack — goes on to {@link CheckpointController}, which answers as always: acks are safe
 * to repeat, so the controller seeing one again changes nothing, and refusals keep one rendering.
 */
class AckFastPath extends OncePerRequestFilter {

    static final String PATTERN = "/api/v1/jobs/{jobId}/checkpoints/{checkpointId}/acks";
    private static final Pattern ACK = Pattern.compile("^/api/v1/jobs/([^/]+)/checkpoints/(\\d{1,18})/acks$");

    private final AckReceiver acks;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    AckFastPath(AckReceiver acks, JsonMapper mapper) {
        this.acks = acks;
        this.reader = mapper.readerFor(Acknowledge.class);
        this.writer = mapper.writerFor(AckResponse.class);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !isJson(request.getContentType())
                || !acceptsJson(request.getHeader("Accept"))
                || !ACK.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = ACK.matcher(request.getRequestURI());
        if (!path.matches()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] answer;
        try {
            Acknowledge ack = reader.readValue(request.getInputStream());
            answer = writer.writeValueAsBytes(acks.acknowledge(path.group(1), Long.parseLong(path.group(2)), ack));
        } catch (RuntimeException refused) {
            // The controller reads the same bytes again (the signature filter keeps them) and answers.
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(PATTERN));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /**
     * Registered here rather than scanned as a component: web test slices pick up every filter
     * component, and this one needs the coordinator. Last in the chain, so after the security one.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<AckFastPath> ackFastPath(AckReceiver acks, JsonMapper mapper) {
            FilterRegistrationBean<AckFastPath> registration =
                    new FilterRegistrationBean<>(new AckFastPath(acks, mapper));
            registration.addUrlPatterns("/api/v1/jobs/*");
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }

    private static boolean isJson(String contentType) {
        int length = MediaType.APPLICATION_JSON_VALUE.length();
        return contentType != null
                && contentType.regionMatches(true, 0, MediaType.APPLICATION_JSON_VALUE, 0, length)
                && (contentType.length() == length || contentType.charAt(length) == ';');
    }

    private static boolean acceptsJson(String accept) {
        return accept == null || accept.contains("*/*") || accept.contains(MediaType.APPLICATION_JSON_VALUE);
    }
}
