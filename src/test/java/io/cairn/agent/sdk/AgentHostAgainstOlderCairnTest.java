package io.cairn.agent.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.TriggerCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link AgentHost} against a Cairn older than batched agents, which refuses {@code "batched"}
 * in a registration as an unknown field: its agents register without it and take one trigger per
 * subtask, acking each alone. Cairn is a stand-in on loopback.
 */
class AgentHostAgainstOlderCairnTest {

    private static final String JOB = "older";
    private static final String SECRET = RequestSignature.newSecret();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> registrations = new CopyOnWriteArrayList<>();
    private final List<String> acksAt = new CopyOnWriteArrayList<>();
    private HttpServer cairn;

    @BeforeEach
    void olderCairn() throws IOException {
        cairn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        cairn.createContext("/api/v1/jobs/", this::answer);
        cairn.start();
    }

    @AfterEach
    void stop() {
        cairn.stop(0);
    }

    @Test
    void itsAgentsRegisterWithoutBatchingAndAckTheirOwnTriggersAlone() throws Exception {
        try (AgentHost host = AgentHost.start(cairnUrl(), JOB, SECRET);
                CheckpointAgent first = agent(host, 0);
                CheckpointAgent second = agent(host, 1)) {
            assertThat(registrations)
                    .as("each agent tried batched once, then registered plainly")
                    .containsExactly("batched", "plain", "batched", "plain");

            trigger(host, 1);

            await().until(() -> acksAt.size() == 1);
            assertThat(acksAt).containsExactly(AgentPaths.acks(JOB, 7));
        }
    }

    private CheckpointAgent agent(AgentHost host, int subtask) throws IOException {
        return CheckpointAgent.builder(cairnUrl(), JOB, "t", subtask)
                .agentSecret(SECRET)
                .host(host)
                .snapshotTaker(context -> context.writeState("state", new byte[] {1}))
                .start();
    }

    /** One subtask's trigger, as a Cairn without batching sends it, signed with the job's secret. */
    private void trigger(AgentHost host, int subtask) throws Exception {
        TriggerCheckpoint trigger = new TriggerCheckpoint(
                JOB,
                7,
                "t",
                subtask,
                System.currentTimeMillis(),
                Alignment.ALIGNED,
                0,
                "file:/tmp/older/chk-7",
                "file:/tmp/older/shared",
                "file:/tmp/older/taskowned",
                false,
                cairnUrl() + AgentPaths.acks(JOB, 7),
                cairnUrl() + AgentPaths.declines(JOB, 7),
                false,
                0);
        byte[] body = JSON.writeValueAsBytes(trigger);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.url() + AgentPaths.TRIGGER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSignature.of(SECRET)
                .sign("POST", AgentPaths.TRIGGER, body, System.currentTimeMillis())
                .forEach(request::header);
        HttpResponse<String> answer =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
    }

    private String cairnUrl() {
        return "http://127.0.0.1:" + cairn.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (path.contains("/agents/")) {
                registrations.add(body.contains("batched") ? "batched" : "plain");
                if (body.contains("batched")) {
                    reply(exchange, 400, "{\"type\":\"urn:cairn:problem:unknown-field\",\"status\":400}");
                } else {
                    reply(exchange, 201, "{}");
                }
            } else if (path.endsWith("/acks")) {
                acksAt.add(path);
                reply(exchange, 200, "{\"checkpointId\":7,\"outcome\":\"ACCEPTED\"}");
            } else {
                reply(exchange, 404, "{}");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
