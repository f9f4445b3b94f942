package io.cairn.api;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem from a servlet filter, where no controller advice reaches. The problem
 * is built by {@link ProblemTypes} as {@link ProblemHandler}'s are, so both have one shape.
 */
public final class ProblemResponses {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemResponses() {}

    /**
     * @param extra further members, e.g. the field at fault; may be empty
     */
    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String slug,
            String title,
            String detail,
            Map<String, Object> extra)
            throws IOException {
        ProblemDetail problem = ProblemTypes.problem(HttpStatusCode.valueOf(status), slug, title, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        extra.forEach(problem::setProperty);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        MAPPER.writeValue(response.getOutputStream(), members(problem));
    }

    /** The members as Spring MVC writes them for a controller: the standard ones, then the properties. */
    private static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        members.put("instance", problem.getInstance().toString());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
