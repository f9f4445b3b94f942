package io.cairn.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * A JSON call answered without Spring MVC: the agent protocol's hottest calls, which every agent
 * makes for every checkpoint or every few seconds, where MVC's dispatch, handler lookup, data
 * binding and message conversion cost as much as the work itself. It runs after the security
 * chain (the signature is checked, the body is in memory). Whatever it does not answer with 200 —
 * another method, content type or Accept, a body that does not parse, a call the feature refuses
 * or wants its controller to decide — goes on to the controller, which answers as always, reading
 * the same bytes again.
 */
public abstract class JsonFastPath extends OncePerRequestFilter {

    private final String method;
    private final Pattern path;
    private final String pathPattern;

    /**
     * @param path the request URI this answers, its groups the path variables
     * @param pathPattern the controller's pattern, for the request's metrics
     */
    protected JsonFastPath(String method, Pattern path, String pathPattern) {
        this.method = method;
        this.path = path;
        this.pathPattern = pathPattern;
    }

    /**
     * @return the 200 answer's JSON, or null for the controller to answer
     * @throws RuntimeException also leaves it to the controller
     */
    protected abstract byte[] answer(Matcher path, InputStream body) throws IOException;

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
        byte[] answer;
        try {
            answer = variables.matches() ? answer(variables, request.getInputStream()) : null;
        } catch (RuntimeException refused) {
            answer = null;
        }
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(pathPattern));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
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
