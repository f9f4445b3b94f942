package io.cairn.api.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cairn.protocol.RequestSignature;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAgents;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Who may do what, over real sockets: tokens and roles, JWTs from a trusted key, the signed agent
 * channel in both directions, the actuator's reach, and the per-job rate limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT {

    private static final int REQUESTS_PER_MINUTE = 3;
    private static KeyPair trustedKey;
    private static Path dataDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) throws Exception {
        dataDir = IsolatedData.register(registry, "security");
        registry.add("cairn.security.requests-per-minute", () -> Integer.toString(REQUESTS_PER_MINUTE));
        trustedKey = rsaKey();
        Path publicKey = dataDir.resolve("jwt-public.pem");
        Files.writeString(
                publicKey,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(trustedKey.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + publicKey);
    }

    @BeforeEach
    void plainRestAssured() {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
    }

    @Test
    void withoutAValidTokenTheApiAnswers401ProblemsAndNamesWhatToSend() {
        given().get("/jobs")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:cairn:problem:unauthenticated"))
                .body("detail", containsString("Authorization: Bearer"));
        given().spec(TestAuth.as("not-a-configured-token"))
                .get("/jobs")
                .then()
                .statusCode(401)
                .body("type", equalTo("urn:cairn:problem:unauthenticated"));
        given().header("Authorization", "Basic dXNlcjpwdw==")
                .get("/jobs")
                .then()
                .statusCode(401);
        given().spec(TestAuth.as(TestAuth.VIEWER)).get("/jobs").then().statusCode(200);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "VIEWER,   GET,    /jobs,                              allowed",
        "VIEWER,   GET,    /jobs/{job}/checkpoints,            allowed",
        "VIEWER,   GET,    /maintenance/orphans,               allowed",
        "VIEWER,   POST,   /jobs/{job}/checkpoints,            forbidden",
        "VIEWER,   POST,   /jobs/{job}/savepoints,             forbidden",
        "VIEWER,   POST,   /jobs/{job}/restores,               forbidden",
        "VIEWER,   POST,   /jobs/{job}/cancel,                 forbidden",
        "VIEWER,   DELETE, /jobs/{job}/checkpoints/1,          forbidden",
        "OPERATOR, GET,    /jobs/{job},                        allowed",
        "OPERATOR, POST,   /jobs/{job}/checkpoints,            allowed",
        "OPERATOR, POST,   /jobs/{job}/savepoints,             allowed",
        "OPERATOR, POST,   /jobs/{job}/restores,               allowed",
        "OPERATOR, DELETE, /jobs/{job}/checkpoints/1,          forbidden",
        "OPERATOR, POST,   /maintenance/orphans/sweep,         forbidden",
        "OPERATOR, PATCH,  /jobs/{job}/checkpointing,          forbidden",
        "OPERATOR, POST,   /jobs/{job}/agent-secret,           forbidden",
        "ADMIN,    DELETE, /jobs/{job}/checkpoints/1,          allowed",
        "ADMIN,    POST,   /maintenance/orphans/sweep,         allowed",
        "ADMIN,    PATCH,  /jobs/{job}/checkpointing,          allowed",
        "ADMIN,    POST,   /jobs/{job}/checkpoints,            allowed",
        "ADMIN,    GET,    /jobs,                              allowed"
    })
    void eachRoleReachesItsOwnEndpointClassesAndNoOthers(String role, String method, String path, String expected) {
        String jobId = registerJob();
        String token = switch (role) {
            case "VIEWER" -> TestAuth.VIEWER;
            case "OPERATOR" -> TestAuth.OPERATOR;
            default -> TestAuth.ADMIN;
        };
        var request = given().spec(TestAuth.as(token)).contentType(ContentType.JSON);
        if (method.equals("PATCH")) {
            request.body("{\"numRetained\":2}");
        } else if (path.endsWith("/restores")) {
            request.body("{\"source\":{\"latest\":true}}");
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            request.body("{}");
        }
        int status = request.request(method, path.replace("{job}", jobId))
                .then()
                .extract()
                .statusCode();

        if (expected.equals("forbidden")) {
            assertThat(status).isEqualTo(403);
            request.request(method, path.replace("{job}", jobId))
                    .then()
                    .body("type", equalTo("urn:cairn:problem:forbidden"))
                    .body("detail", containsString("needs"));
        } else {
            assertThat(status)
                    .as("an allowed call may still be refused for what it asks, never for who asks")
                    .isNotIn(401, 403);
        }
    }

    @Test
    void aJwtFromTheTrustedKeyCarriesItsRolesAndAnyOtherIsRefused() throws Exception {
        String jobId = registerJob();
        String operator = jwt(trustedKey, List.of("OPERATOR"), Instant.now().plusSeconds(300));

        given().spec(TestAuth.as(operator))
                .post("/jobs/{job}/cancel", jobId)
                .then()
                .statusCode(200);
        given().spec(TestAuth.as(operator))
                .delete("/jobs/{job}/checkpoints/1", jobId)
                .then()
                .statusCode(403);
        given().spec(TestAuth.as(
                        jwt(trustedKey, List.of("VIEWER"), Instant.now().plusSeconds(300))))
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(403);
        given().spec(TestAuth.as(jwt(rsaKey(), List.of("ADMIN"), Instant.now().plusSeconds(300))))
                .get("/jobs")
                .then()
                .statusCode(401);
        given().spec(TestAuth.as(jwt(trustedKey, List.of("ADMIN"), Instant.now().minusSeconds(600))))
                .get("/jobs")
                .then()
                .statusCode(401);
        given().spec(TestAuth.as(
                        jwt(trustedKey, List.of("SUPERUSER"), Instant.now().plusSeconds(300))))
                .get("/jobs")
                .then()
                .statusCode(403);
    }

    @Test
    void onlyHealthAndPrometheusAreOpenAndTheDangerousEndpointsAreNeverExposed() {
        RestAssured.basePath = "";
        // Overall health may be DOWN (other tests' jobs fail checkpoints on purpose); it is reachable all the same.
        given().get("/actuator/health")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 503))
                .body("status", not(equalTo(null)));
        given().get("/actuator/health/readiness").then().statusCode(200);
        given().get("/actuator/prometheus").then().statusCode(200).body(containsString("jvm_memory"));
        given().get("/actuator/info").then().statusCode(401);
        given().spec(TestAuth.as(TestAuth.VIEWER)).get("/actuator/info").then().statusCode(200);
        for (String endpoint :
                List.of("env", "heapdump", "threaddump", "loggers", "configprops", "beans", "shutdown")) {
            given().get("/actuator/" + endpoint).then().statusCode(401);
            given().spec(TestAuth.as(TestAuth.ADMIN))
                    .get("/actuator/" + endpoint)
                    .then()
                    .statusCode(404);
        }
        given().get("/v3/api-docs")
                .then()
                .statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void signedAgentCallsPassAndReplayedTamperedStaleOrOtherJobsCallsChangeNothing() throws Exception {
        String jobId = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = register(jobId);
        String otherSecret = register(jobId + "-b");
        String path = "/api/v1/jobs/" + jobId + "/agents/t/0";
        byte[] body = "{\"url\":\"http://127.0.0.1:9301\"}".getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();

        assertThat(agentCall(path, body, Map.of()).statusCode()).as("unsigned").isEqualTo(401);
        assertThat(agentCall(path, body, Map.of("Authorization", "Bearer " + TestAuth.ADMIN))
                        .statusCode())
                .as("an API token is no agent")
                .isEqualTo(401);
        assertThat(agentCall(path, body, new RequestSignature(otherSecret).sign("PUT", path, body, now))
                        .statusCode())
                .as("another job's agent")
                .isEqualTo(401);
        assertThat(agentCall(path, body, new RequestSignature(secret).sign("PUT", path, body, now - 600_000))
                        .statusCode())
                .as("ten minutes old")
                .isEqualTo(401);
        Map<String, String> tampered = new RequestSignature(secret).sign("PUT", path, body, now);
        HttpResponse<String> refused =
                agentCall(path, "{\"url\":\"http://evil.example:1\"}".getBytes(StandardCharsets.UTF_8), tampered);
        assertThat(refused.statusCode()).as("tampered body").isEqualTo(401);
        assertThat(refused.body()).contains("urn:cairn:problem:agent-signature-invalid");
        given().spec(TestAuth.as(TestAuth.VIEWER))
                .get("/jobs/{job}/agents", jobId)
                .then()
                .body("registered", equalTo(0));

        Map<String, String> signed = new RequestSignature(secret).sign("PUT", path, body, now);
        assertThat(agentCall(path, body, signed).statusCode()).isEqualTo(201);
        assertThat(agentCall(path, body, signed).statusCode()).as("replayed").isEqualTo(401);
        given().spec(TestAuth.as(TestAuth.VIEWER))
                .get("/jobs/{job}/agents", jobId)
                .then()
                .body("registered", equalTo(1))
                .body("agents[0].url", equalTo("http://127.0.0.1:9301"));
    }

    @Test
    void agentsRefuseCallsCairnDidNotSignAndARotatedSecretLocksOutTheOldAgents() throws Exception {
        String jobId = "agent-door-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = register(jobId);
        try (TestAgents agents = new TestAgents("http://127.0.0.1:" + port, jobId)
                .withSecret(secret)
                .start("t", 1)) {
            String trigger = agents.url("t/0") + "/v1/checkpoints/trigger";
            HttpResponse<String> forged = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(trigger))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"jobId\":\"" + jobId + "\",\"checkpointId\":1}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
            long id = given().spec(TestAuth.as(TestAuth.OPERATOR))
                    .post("/jobs/{job}/checkpoints", jobId)
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            org.awaitility.Awaitility.await()
                    .until(() -> "COMPLETED"
                            .equals(given().spec(TestAuth.as(TestAuth.VIEWER))
                                    .get("/jobs/{job}/checkpoints/{id}", jobId, id)
                                    .then()
                                    .extract()
                                    .path("status")));

            given().spec(TestAuth.as(TestAuth.ADMIN))
                    .post("/jobs/{job}/agent-secret", jobId)
                    .then()
                    .statusCode(200)
                    .body("agentSecret", not(equalTo(secret)));
            long refused = given().spec(TestAuth.as(TestAuth.OPERATOR))
                    .post("/jobs/{job}/checkpoints", jobId)
                    .then()
                    .statusCode(202)
                    .extract()
                    .jsonPath()
                    .getLong("checkpointId");
            org.awaitility.Awaitility.await()
                    .until(() -> "FAILED"
                            .equals(given().spec(TestAuth.as(TestAuth.VIEWER))
                                    .get("/jobs/{job}/checkpoints/{id}", jobId, refused)
                                    .then()
                                    .extract()
                                    .path("status")));
        }
    }

    @Test
    void triggersBeyondTheJobsAllowanceAnswer429WithRetryAfter() {
        String jobId = registerJob();
        for (int i = 0; i < REQUESTS_PER_MINUTE; i++) {
            given().spec(TestAuth.as(TestAuth.OPERATOR))
                    .post("/jobs/{job}/checkpoints", jobId)
                    .then()
                    .statusCode(409);
        }
        given().spec(TestAuth.as(TestAuth.OPERATOR))
                .post("/jobs/{job}/checkpoints", jobId)
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)))
                .contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:rate-limited"));
        given().spec(TestAuth.as(TestAuth.OPERATOR))
                .contentType(ContentType.JSON)
                .body("{\"source\":{\"latest\":true}}")
                .post("/jobs/{job}/restores", jobId)
                .then()
                .statusCode(404);
        given().spec(TestAuth.as(TestAuth.OPERATOR))
                .post("/jobs/{job}/checkpoints", registerJob())
                .then()
                .statusCode(409);
    }

    private HttpResponse<String> agentCall(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String registerJob() {
        String jobId = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        register(jobId);
        return jobId;
    }

    private String register(String jobId) {
        ValidatableResponse response = given().spec(TestAuth.as(TestAuth.OPERATOR))
                .contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + jobId + "\",\"name\":\"s\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":1}],"
                        + "\"checkpointing\":{\"timeout\":\"PT5S\"}}")
                .post("/jobs")
                .then()
                .statusCode(201);
        String secret = response.extract().path("agentSecret");
        assertThat(secret).hasSizeGreaterThan(40);
        given().spec(TestAuth.as(TestAuth.VIEWER))
                .get("/jobs/{job}", jobId)
                .then()
                .body("agentSecret", equalTo(null));
        return secret;
    }

    private static String jwt(KeyPair key, List<String> roles, Instant expiresAt) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.RS256),
                new JWTClaimsSet.Builder()
                        .subject("someone@example.com")
                        .claim("roles", roles)
                        .issueTime(new Date())
                        .expirationTime(Date.from(expiresAt))
                        .build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
