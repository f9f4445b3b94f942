package io.cairn.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.agent.sdk.AgentHost;
import io.cairn.agent.sdk.CheckpointAgent;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Batched agents as an engine in another language meets them: one HTTP server serving several
 * subtasks of a job at one URL, registered {@code "batched": true}, gets one trigger and one notice
 * per checkpoint for all of them and acks them in one call; a subtask registered without it at the
 * same server keeps calls of its own. The server here is the test's, on loopback, speaking the
 * protocol by hand; the last case is the Java SDK's {@link AgentHost}.
 */
class BatchedAgentsIT extends SharedCairn {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
    private static HttpServer host;
    /** Every call Cairn made to the host: the path and the body. */
    private static final List<String[]> calls = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    AgentWatch watch;

    @BeforeAll
    static void startHost() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        host.createContext("/", BatchedAgentsIT::answer);
        host.setExecutor(serverThreads);
        host.start();
    }

    @AfterAll
    static void stopHost() {
        host.stop(0);
        serverThreads.shutdownNow();
    }

    @BeforeEach
    void setUp() {
        RestAssured.reset();
        RestAssured.port = port;
        TestAuth.adminByDefault();
    }

    @Test
    void aBatchedAgentGetsOneTriggerForItsSubtasksAcksThemInOneCallAndHearsTheCompletionOnce() throws Exception {
        String secret = registerJob("batched");
        register("batched", secret, "source", 0, "/host-a", true).statusCode(201);
        register("batched", secret, "source", 1, "/host-a", true).statusCode(201);
        register("batched", secret, "count", 0, "/host-a", true).statusCode(201);
        register("batched", secret, "count", 1, "/host-b", false).statusCode(201);
        given().get("/api/v1/jobs/batched/agents")
                .then()
                .body("agents.batched", contains(true, false, true, true)); // count/0, count/1, source/0, source/1

        long id = trigger("batched");

        await().until(() -> callsTo("/host-a/v1/checkpoints/trigger").size() == 1
                && callsTo("/host-b/v1/checkpoints/trigger").size() == 1);
        JsonNode batched =
                JSON.readTree(callsTo("/host-a/v1/checkpoints/trigger").get(0));
        assertThat(batched.path("checkpointId").asLong()).isEqualTo(id);
        assertThat(batched.path("subtasks").toString())
                .isEqualTo("[{\"taskId\":\"source\",\"subtask\":0},{\"taskId\":\"source\",\"subtask\":1},"
                        + "{\"taskId\":\"count\",\"subtask\":0}]");
        String ackBatchUrl = batched.path("ackBatchUrl").asString();
        // Probed while pending: the batched URL answers for all its subtasks, and the checkpoint goes on.
        watch.runOnce();
        await().until(() -> !callsTo("/host-a/v1/health").isEmpty());
        assertThat(ackBatchUrl).endsWith("/api/v1/jobs/batched/checkpoints/" + id + "/ack-batches");
        JsonNode single =
                JSON.readTree(callsTo("/host-b/v1/checkpoints/trigger").get(0));
        assertThat(single.path("taskId").asString()).isEqualTo("count");
        assertThat(single.path("subtask").asInt()).isEqualTo(1);
        assertThat(single.has("subtasks")).isFalse();
        assertThat(single.has("ackBatchUrl")).isFalse();

        String batch = "{\"checkpointId\":" + id + ",\"acks\":[" + ack(id, "count", 0) + "," + ack(id, "source", 0)
                + "," + ack(id, "source", 1) + "]}";
        postSigned(secret, ackBatchUrl, batch)
                .statusCode(200)
                .body("answers.outcome", contains("ACCEPTED", "ACCEPTED", "ACCEPTED"))
                .body("answers.renewed", contains(true, true, true));
        postSigned(secret, batched.path("ackUrl").asString(), ack(id, "count", 1))
                .statusCode(200)
                .body("outcome", equalTo("ACCEPTED"));

        awaitStatus("batched", id, "COMPLETED");
        given().get("/api/v1/jobs/batched/checkpoints/{id}", id).then().body("numAcknowledged", equalTo(4));
        await().until(() ->
                callsTo("/host-a/v1/checkpoints/" + id + "/complete").size() == 1
                        && callsTo("/host-b/v1/checkpoints/" + id + "/complete").size() == 1);
        // The same batch again changes nothing.
        postSigned(secret, ackBatchUrl, batch)
                .statusCode(200)
                .body("answers.outcome", contains("DUPLICATE", "DUPLICATE", "DUPLICATE"));
        assertThat(callsTo("/host-a/v1/checkpoints/" + id + "/complete")).hasSize(1);
    }

    @Test
    void javaAgentsSharingAHostCheckpointInOneAckCallAndRestoreThroughIt() throws Exception {
        String cairn = "http://127.0.0.1:" + port;
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"hosted\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":3}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        String secret = TestAuth.agentSecret(cairn, "hosted");
        Map<Integer, String> restored = new ConcurrentHashMap<>();
        Map<Integer, Long> completed = new ConcurrentHashMap<>();
        List<CheckpointAgent> agents = new ArrayList<>();
        try (AgentHost host = AgentHost.start(cairn, "hosted", secret)) {
            for (int subtask = 0; subtask < 3; subtask++) {
                int index = subtask;
                agents.add(CheckpointAgent.builder(cairn, "hosted", "t", subtask)
                        .agentSecret(secret)
                        .host(host)
                        .snapshotTaker(context -> context.writeState("state", ("state of " + index).getBytes(UTF_8)))
                        .checkpointListener(checkpointId -> completed.put(index, checkpointId))
                        .restoreHandler(context -> restored.put(
                                index, new String(context.read(context.handles().get(0)), UTF_8)))
                        .start());
            }
            given().get("/api/v1/jobs/hosted/agents")
                    .then()
                    .body("agents.url", contains(host.url(), host.url(), host.url()))
                    .body("agents.batched", contains(true, true, true));
            long batchesBefore = ackBatchCalls();

            long id = trigger("hosted");

            awaitStatus("hosted", id, "COMPLETED");
            assertThat(ackBatchCalls()).isEqualTo(batchesBefore + 1);
            await().until(() -> completed.size() == 3);
            assertThat(completed).containsValues(id, id, id);

            given().contentType(ContentType.JSON)
                    .body("{\"source\":{\"checkpointId\":" + id + "}}")
                    .post("/api/v1/jobs/hosted/restores")
                    .then()
                    .statusCode(202);
            await().until(() -> restored.size() == 3);
            assertThat(restored).containsEntry(0, "state of 0").containsEntry(2, "state of 2");
        } finally {
            agents.forEach(CheckpointAgent::close);
        }
    }

    /** Successful ack-batch calls Cairn has answered, as Prometheus sees them. */
    private static long ackBatchCalls() {
        Matcher counts = Pattern.compile("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\""
                        + Pattern.quote("/api/v1/jobs/{jobId}/checkpoints/{checkpointId}/ack-batches")
                        + "\"} ([0-9.E]+)")
                .matcher(given().get("/actuator/prometheus").then().extract().asString());
        long total = 0;
        while (counts.find()) {
            total += (long) Double.parseDouble(counts.group(1));
        }
        return total;
    }

    @Test
    void anEmptyBatchOrOneForAnotherCheckpointIsRefusedSayingWhy() {
        String secret = registerJob("batched-refusals");
        register("batched-refusals", secret, "source", 0, "/host-c", true).statusCode(201);
        register("batched-refusals", secret, "source", 1, "/host-c", true).statusCode(201);
        register("batched-refusals", secret, "count", 0, "/host-c", true).statusCode(201);
        register("batched-refusals", secret, "count", 1, "/host-c", true).statusCode(201);
        String url = "http://127.0.0.1:" + port + "/api/v1/jobs/batched-refusals/checkpoints/3/ack-batches";

        postSigned(secret, url, "{\"checkpointId\":3,\"acks\":[]}")
                .statusCode(400)
                .body("detail", containsString("no acks"));
        postSigned(secret, url, "{\"checkpointId\":4,\"acks\":[" + ack(4, "source", 0) + "]}")
                .statusCode(400)
                .body("detail", containsString("does not match 3"));
        given().contentType(ContentType.JSON)
                .body("{\"checkpointId\":3,\"acks\":[]}")
                .post(url)
                .then()
                .statusCode(401);
    }

    private String registerJob(String job) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"source\",\"parallelism\":2},"
                        + "{\"taskId\":\"count\",\"parallelism\":2}]}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        return TestAuth.agentSecret("http://127.0.0.1:" + port, job);
    }

    private static ValidatableResponse register(
            String job, String secret, String task, int subtask, String path, boolean batched) {
        String url = "http://127.0.0.1:" + host.getAddress().getPort() + path;
        return given().contentType(ContentType.JSON)
                .body("{\"url\":\"" + url + "\"" + (batched ? ",\"batched\":true" : "") + "}")
                .filter(TestAuth.signedAs(secret))
                .put("/api/v1/jobs/{job}/agents/{task}/{subtask}", job, task, subtask)
                .then();
    }

    private static ValidatableResponse postSigned(String secret, String url, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .filter(TestAuth.signedAs(secret))
                .post(url)
                .then();
    }

    private static String ack(long id, String task, int subtask) {
        return "{\"checkpointId\":" + id + ",\"taskId\":\"" + task + "\",\"subtask\":" + subtask
                + ",\"handles\":[{\"location\":\"INLINE\",\"path\":null,\"size\":4,\"inline\":\"AAAAAA==\","
                + "\"inFlight\":false,\"newlyCreated\":true}],\"stateSize\":4,\"checkpointedSize\":4,"
                + "\"inFlightBytes\":0,\"alignmentMs\":0,\"startDelayMs\":0,\"syncMs\":0,\"asyncMs\":0}";
    }

    private static long trigger(String job) {
        return given().post("/api/v1/jobs/{job}/checkpoints", job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private static void awaitStatus(String job, long id, String status) {
        await().until(() -> status.equals(given().get("/api/v1/jobs/{job}/checkpoints/{id}", job, id)
                .then()
                .extract()
                .path("status")));
    }

    private static List<String> callsTo(String path) {
        return calls.stream()
                .filter(call -> call[0].equals(path))
                .map(call -> call[1])
                .toList();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            calls.add(new String[] {path, body});
            if (path.endsWith("/health")) {
                // Any of the URL's subtasks may answer for it (agent protocol, batched agents).
                byte[] up = "{\"jobId\":\"batched\",\"taskId\":\"source\",\"subtask\":0,\"status\":\"UP\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, up.length);
                exchange.getResponseBody().write(up);
            } else {
                exchange.sendResponseHeaders(path.endsWith("/trigger") ? 202 : 200, -1);
            }
        }
    }
}
