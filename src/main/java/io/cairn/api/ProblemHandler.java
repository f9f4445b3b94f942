package io.cairn.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import io.cairn.common.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a request into an RFC 9457 problem response: a stable {@code type}, a
 * fixed {@code title}, a {@code detail} for this occurrence that says what to fix, and the
 * fields a client can act on. Never a stack trace or a class name.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        HttpStatus status = switch (e.outcome()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        if (status.is5xxServerError()) {
            log.warn("{}: {}", e.title(), e.getMessage());
        }
        ProblemDetail problem = ProblemTypes.problem(
                status, e.type(), e.title(), ProblemRemedies.detail(e.type(), e.getMessage(), e.properties()));
        e.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        return response.body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolations(ConstraintViolationException e) {
        List<Map<String, Object>> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(
                        violation -> violation.getPropertyPath().toString()))
                .map(violation -> error(lastNodes(violation), violation.getMessage(), violation.getInvalidValue()))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ObjectOptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemTypes.problem(
                        HttpStatus.CONFLICT,
                        "concurrent-modification",
                        "Changed concurrently",
                        "Another request changed the same resource at the same time; read it again and retry"));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemTypes.problem(
                        HttpStatus.CONFLICT,
                        "concurrent-modification",
                        "Changed concurrently",
                        "The request collided with another one creating the same resource; read it again and retry"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected error, incident {}", incident, e);
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "Cairn failed unexpectedly; the log has the details under incident " + incident);
        problem.setProperty("incident", incident);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> error(error.getField(), error.getDefaultMessage(), error.getRejectedValue()))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> error(
                                result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage(),
                                result.getArgument())))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null
                ? "another type"
                : type.isEnum()
                        ? "one of " + Arrays.toString(type.getEnumConstants())
                        : type.getSimpleName().toLowerCase(Locale.ROOT);
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                name + " must be " + expected + ", got '" + shorten(String.valueOf(e.getValue())) + "'");
        problem.setProperty("field", name);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLarge tooLarge = findCause(e, PayloadTooLarge.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(ProblemTypes.problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "payload-too-large",
                            "Request body too large",
                            tooLarge.getMessage()));
        }
        JacksonException jackson = findCause(e, JacksonException.class);
        if (jackson != null) {
            return ResponseEntity.badRequest().body(describe(jackson));
        }
        return ResponseEntity.badRequest()
                .body(ProblemTypes.problem(
                        HttpStatus.BAD_REQUEST,
                        "missing-body",
                        "Request body missing",
                        "This request needs a JSON body; see the API description at /swagger-ui.html"));
    }

    /** JSON that parsed but did not bind, when a controller binds it itself (a merge patch). */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ProblemDetail> jackson(JacksonException e) {
        return ResponseEntity.badRequest().body(describe(e));
    }

    /** Says what is wrong with a JSON body in the client's terms: the field, what it must be, what came. */
    private static ProblemDetail describe(JacksonException e) {
        String field = path(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return withField(
                    ProblemTypes.problem(
                            HttpStatus.BAD_REQUEST,
                            "unknown-field",
                            "Unknown field",
                            "Field '" + field + "' is not part of this request; known fields at that level: "
                                    + unknown.getKnownPropertyIds()),
                    field);
        }
        if (e instanceof StreamConstraintsException limit) {
            ProblemDetail problem = ProblemTypes.problem(
                    HttpStatus.BAD_REQUEST,
                    "json-too-large",
                    "JSON exceeds limits",
                    "The JSON body exceeds a parsing limit: " + shorten(limit.getOriginalMessage()));
            return field.isEmpty() ? problem : withField(problem, field);
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (field.isEmpty()) {
                String original = String.valueOf(mismatch.getOriginalMessage());
                return original.startsWith("Trailing token")
                        ? ProblemTypes.problem(
                                HttpStatus.BAD_REQUEST,
                                "malformed-json",
                                "Malformed JSON",
                                "The body holds more than one JSON value; send exactly one object")
                        : ProblemTypes.problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-value",
                                "Invalid value",
                                "The body must be " + expected(mismatch.getTargetType()) + " of this request's fields");
            }
            String got = mismatch instanceof InvalidFormatException invalid
                    ? ", got '" + shorten(String.valueOf(invalid.getValue())) + "'"
                    : "";
            return withField(
                    ProblemTypes.problem(
                            HttpStatus.BAD_REQUEST,
                            "invalid-value",
                            "Invalid value",
                            "Field '" + field + "' must be " + expected(mismatch.getTargetType()) + got),
                    field);
        }
        if (e instanceof InputCoercionException coercion && !field.isEmpty()) {
            return withField(
                    ProblemTypes.problem(
                            HttpStatus.BAD_REQUEST,
                            "invalid-value",
                            "Invalid value",
                            "Field '" + field + "' must be " + expected(coercion.getTargetType())
                                    + " within its range"),
                    field);
        }
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.BAD_REQUEST,
                "malformed-json",
                "Malformed JSON",
                "The body is not valid JSON: " + shorten(e.getOriginalMessage()));
        return field.isEmpty() ? problem : withField(problem, field);
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of another type";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.toString(target.getEnumConstants());
        }
        if (target == Duration.class) {
            return "an ISO-8601 duration such as \"PT30S\"";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        return Collection.class.isAssignableFrom(target) ? "an array" : "an object";
    }

    private static ProblemDetail withField(ProblemDetail problem, String field) {
        problem.setProperty("field", field);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.NOT_FOUND,
                "not-found",
                "Not found",
                "Nothing is served at " + e.getHttpMethod() + " /" + shorten(e.getResourcePath())
                        + "; the API is described at /swagger-ui.html");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ProblemTypes.retype(problem);
        }
        return response;
    }

    private static ProblemDetail validationProblem(List<Map<String, Object>> errors) {
        String detail = errors.stream()
                .map(error -> error.get("field") + " " + error.get("message"))
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request is invalid");
        ProblemDetail problem =
                ProblemTypes.problem(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed", detail);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
        }
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, Object> error(String field, String message, Object rejected) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        if (rejected != null && !(rejected instanceof Iterable<?>) && !(rejected instanceof Map<?, ?>)) {
            error.put("rejectedValue", shorten(String.valueOf(rejected)));
        }
        return error;
    }

    /** The property path without the method and argument nodes bean validation puts in front. */
    private static String lastNodes(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? violation.getPropertyPath().toString() : path.toString();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (Iterator<JacksonException.Reference> it = e.getPath().iterator(); it.hasNext(); ) {
            JacksonException.Reference ref = it.next();
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
