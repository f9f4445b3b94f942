package io.cairn.agent.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.protocol.AckOutcome;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.TriggerCheckpoint;
import io.cairn.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The SDK's agent renews only once Cairn has not seen it for its renewal interval: an ack Cairn
 * answered {@code renewed} counts as a sighting, one answered by an older Cairn (no
 * {@code renewed}) does not. Cairn is a stand-in on loopback that counts registrations; the
 * agent's clock is in the test's hands, so nothing falls due unless the test moves it.
 */
class AckCountsAsRenewalTest {

    private static final String JOB = "renewing";
    private static final String SECRET = RequestSignature.newSecret();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final AtomicInteger registrations = new AtomicInteger();
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Set<Long> toldComplete = ConcurrentHashMap.newKeySet();
    private volatile boolean cairnCountsAcksAsRenewals;
    private HttpServer cairn;
    private CheckpointAgent agent;

    @BeforeEach
    void standInForCairn() throws IOException {
        cairn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        cairn.createContext("/api/v1/jobs/", this::answer);
        cairn.start();
        agent = CheckpointAgent.builder(cairnUrl(), JOB, "t", 0)
                .agentSecret(SECRET)
                .snapshotTaker(context -> context.writeState("state", new byte[] {1}))
                .checkpointListener(toldComplete::add)
                .renewInterval(Duration.ofSeconds(10))
                .clock(clock)
                .start();
        assertThat(registrations).hasValue(1);
    }

    @AfterEach
    void stop() {
        agent.close();
        cairn.stop(0);
    }

    @Test
    void anAckCairnCountedAsARenewalPutsTheNextRenewalAWholeIntervalAfterIt() throws Exception {
        cairnCountsAcksAsRenewals = true;
        clock.advance(Duration.ofSeconds(6));
        checkpoint(1);

        clock.advance(Duration.ofSeconds(5)); // 11 s after registering, 5 s after the ack
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).untilAtomic(registrations, equalTo(1));

        clock.advance(Duration.ofSeconds(5)); // 11 s after the ack
        await().untilAtomic(registrations, equalTo(2));
    }

    @Test
    void anAckAnOlderCairnAnsweredWithoutRenewedLeavesTheRenewalDue() throws Exception {
        cairnCountsAcksAsRenewals = false;
        clock.advance(Duration.ofSeconds(6));
        checkpoint(1);

        clock.advance(Duration.ofSeconds(5)); // 11 s after registering
        await().untilAtomic(registrations, equalTo(2));
    }

    @Test
    void anAnswerFromAnOlderCairnWithoutRenewedStillReads() {
        AckResponse answer =
                CairnCallbacks.JSON.readValue("{\"checkpointId\":1,\"outcome\":\"ACCEPTED\"}", AckResponse.class);

        assertThat(answer.outcome()).isEqualTo(AckOutcome.ACCEPTED);
        assertThat(answer.countedAsRenewal()).isFalse();
    }

    /**
     * Triggers checkpoint {@code id} as Cairn would, waits for the agent's ack, then tells it the
     * checkpoint completed: the agent hears that on its snapshot thread once it has taken Cairn's
     * answer to the ack in, so the test's clock moves on only after that.
     */
    private void checkpoint(long id) throws Exception {
        TriggerCheckpoint trigger = new TriggerCheckpoint(
                JOB,
                id,
                "t",
                0,
                clock.millis(),
                Alignment.ALIGNED,
                0,
                "file:/tmp/cairn-sdk-test/chk-" + id,
                "file:/tmp/cairn-sdk-test/shared",
                "file:/tmp/cairn-sdk-test/taskowned",
                false,
                cairnUrl() + AgentPaths.acks(JOB, id),
                cairnUrl() + AgentPaths.declines(JOB, id),
                false,
                0);
        assertThat(callAgent(AgentPaths.TRIGGER, trigger)).isEqualTo(202);
        await().until(() -> acked.contains(id));
        assertThat(callAgent(AgentPaths.complete(id), new CheckpointNotification(JOB, id, null)))
                .isEqualTo(200);
        await().until(() -> toldComplete.contains(id));
    }

    private int callAgent(String path, Object message) throws Exception {
        byte[] body = CairnCallbacks.JSON.writeValueAsBytes(message);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agent.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        RequestSignature.of(SECRET).sign("POST", path, body, clock.millis()).forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String answer = "{}";
            if ("PUT".equals(exchange.getRequestMethod())) {
                registrations.incrementAndGet();
            } else if (exchange.getRequestURI().getPath().endsWith("/acks")) {
                JsonNode ack = CairnCallbacks.JSON.readTree(body);
                long id = ack.path("checkpointId").asLong();
                answer = "{\"checkpointId\":" + id + ",\"outcome\":\"ACCEPTED\""
                        + (cairnCountsAcksAsRenewals ? ",\"renewed\":true}" : "}");
                acked.add(id);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String cairnUrl() {
        return "http://127.0.0.1:" + cairn.getAddress().getPort();
    }
}
