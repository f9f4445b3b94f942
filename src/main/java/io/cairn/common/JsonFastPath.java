package io.cairn.common;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON call answered without Spring MVC: the agent protocol's hottest calls, which every agent
 * makes for every checkpoint or every few seconds, where MVC's dispatch, handler lookup, data
 * binding and message conversion cost as much as the work itself. It runs after the security
 * chain (the signature is checked, the body is in memory) and reads and writes JSON with the
 * application's own mapper. Whatever it does not answer with 200 — another method, content type
 * or Accept, a body that does not parse, a call the feature refuses or leaves to its controller —
 * goes on to the controller, which answers as always, reading the same bytes again.
 *
 * @param <I> the request body
 * @param <O> the 200 answer
 */
public abstract class JsonFastPath<I, O> extends OncePerRequestFilter {

    private final String method;
    private final Pattern path;
    private final String pathPattern;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    /**
     * @param path the request URI this answers, its groups the path variables
     * @param pathPattern the controller's pattern, for the request's metrics
     */
    protected JsonFastPath(
            String method, Pattern path, String pathPattern, JsonMapper mapper, Class<I> request, Class<O> answer) {
        this.method = method;
        this.path = path;
        this.pathPattern = pathPattern;
        this.reader = mapper.readerFor(request);
        this.writer = mapper.writerFor(answer);
    }

    /**
     * @return the 200 answer, or null for the controller to answer
     * @throws RuntimeException also leaves it to the controller
     */
    protected abstract O answer(Matcher path, I request);

    /**
     * Registered by each feature rather than scanned as a component (web test slices pick up every
     * filter component, and these need their feature), last in the chain, so after security.
     */
    public static <F extends JsonFastPath<?, ?>> FilterRegistrationBean<F> lastInChain(F filter) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/v1/jobs/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !method.equals(request.getMethod())
                || !isJson(request.getContentType())
                || !acceptsJson(request.getHeader("Accept"))
                || !path.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher variables = path.matcher(request.getRequestURI());
        byte[] written = null;
        try {
            I body = variables.matches() ? reader.readValue(request.getInputStream()) : null;
            O answer = body == null ? null : answer(variables, body);
            written = answer == null ? null : writer.writeValueAsBytes(answer);
        } catch (RuntimeException refused) {
            // The controller answers it.
        }
        if (written == null) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(pathPattern));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(written.length);
        response.getOutputStream().write(written);
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
