package io.cairn.api;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details with Cairn's stable type URIs ({@code urn:cairn:problem:<slug>}). */
final class ProblemTypes {

    /** The one definition of the problem-type prefix: {@code type} is this plus a stable slug. */
    static final String PREFIX = "urn:cairn:problem:";

    private ProblemTypes() {}

    static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }

    /** A slug and title for the statuses Spring MVC itself answers. */
    static ProblemDetail retype(ProblemDetail problem) {
        if (problem.getType() != null && problem.getType().toString().startsWith(PREFIX)) {
            return problem;
        }
        String slug = switch (problem.getStatus()) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "service-unavailable";
            default -> problem.getStatus() >= 500 ? "internal-error" : "request-refused";
        };
        problem.setType(URI.create(PREFIX + slug));
        return problem;
    }
}
