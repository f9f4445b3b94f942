package io.cairn.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.protocol.RequestSignature;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import org.apache.hadoop.conf.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;

import static io.restassured.RestAssured.given;

/**
 * The API tokens every test context and test process is configured with, one per role, and the
 * agent secrets test agents sign with.
 */
public final class TestAuth {

    public static final String ADMIN = "test-admin-token";
    public static final String OPERATOR = "test-operator-token";
    public static final String VIEWER = "test-viewer-token";
    private static final List<String[]> TOKENS = List.of(
            new String[] {"admin", ADMIN, "ADMIN"},
            new String[] {"operator", OPERATOR, "OPERATOR"},
            new String[] {"viewer", VIEWER, "VIEWER"});

    private TestAuth() {}

    public static void register(DynamicPropertyRegistry registry) {
        // Tests trigger faster than any job would; SecurityIT checks the limit with its own setting.
        registry.add("cairn.security.requests-per-minute", () -> "100000");
        for (int i = 0; i < TOKENS.size(); i++) {
            String[] token = TOKENS.get(i);
            registry.add("cairn.security.tokens[" + i + "].name", () -> token[0]);
            registry.add("cairn.security.tokens[" + i + "].sha256", () -> sha256(token[1]));
            registry.add("cairn.security.tokens[" + i + "].role", () -> token[2]);
        }
    }

    /** The same tokens as command-line arguments of a Cairn process. */
    public static List<String> args() {
        List<String> args = new java.util.ArrayList<>();
        args.add("--cairn.security.requests-per-minute=100000");
        for (int i = 0; i < TOKENS.size(); i++) {
            String[] token = TOKENS.get(i);
            args.add("--cairn.security.tokens[" + i + "].name=" + token[0]);
            args.add("--cairn.security.tokens[" + i + "].sha256=" + sha256(token[1]));
            args.add("--cairn.security.tokens[" + i + "].role=" + token[2]);
        }
        return args;
    }

    /**
     * Every RestAssured request of the test sends the ADMIN token (a filter, so the static base
     * path and port stay as the test sets them). {@code RestAssured.reset()} undoes it.
     */
    public static void adminByDefault() {
        byDefault(ADMIN);
    }

    public static void byDefault(String token) {
        io.restassured.RestAssured.replaceFiltersWith((request, response, context) -> {
            // Agent calls carry a signature, not a token (signedAs).
            if (!request.getHeaders().hasHeaderWithName("Authorization")
                    && !request.getHeaders().hasHeaderWithName(RequestSignature.SIGNATURE)) {
                request.header("Authorization", "Bearer " + token);
            }
            return context.next(request, response);
        });
    }

    /**
     * Signs a request as the job's agents do (for tests that call the agent endpoints by hand). Add
     * it as the request's last filter.
     */
    public static Filter signedAs(String agentSecret) {
        return (request, response, context) -> {
            String target = RequestSignature.target(URI.create(request.getURI()));
            Object body = request.getBody();
            byte[] bytes = body == null
                    ? new byte[0]
                    : body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
            new RequestSignature(agentSecret)
                    .sign(request.getMethod(), target, bytes, System.currentTimeMillis())
                    .forEach(request::header);
            return context.next(request, response);
        };
    }

    /** Requests as ADMIN, for one request. */
    public static RequestSpecification admin() {
        return as(ADMIN);
    }

    public static RequestSpecification as(String token) {
        return new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + token)
                .build();
    }

    /**
     * A fresh agent secret for a job, by rotation (the secret a registration returned is shown
     * once, and most tests register through plain JSON): agents started with it sign correctly.
     */
    public static String agentSecret(String cairnUrl, String jobId) {
        return given().spec(admin())
                .baseUri(cairnUrl)
                .basePath("")
                .post("/api/v1/jobs/{job}/agent-secret", jobId)
                .then()
                .statusCode(200)
                .extract()
                .path("agentSecret");
    }

    /** {@link DemoEngine#start} with a freshly rotated agent secret of the job. */
    public static DemoEngine demoEngine(
            String cairnUrl, String jobId, int sources, int counters, int eventsPerSecond, Configuration hadoopConf)
            throws java.io.IOException {
        return DemoEngine.start(
                cairnUrl, jobId, agentSecret(cairnUrl, jobId), sources, counters, eventsPerSecond, hadoopConf);
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
