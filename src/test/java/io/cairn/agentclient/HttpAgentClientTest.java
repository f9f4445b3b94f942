package io.cairn.agentclient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.Alignment;
import io.cairn.protocol.NonceCache;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.TriggerCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cairn's calls to an agent over real HTTP on loopback: signed, bounded in time, and cheap in threads. */
class HttpAgentClientTest {

    private static final String SECRET = RequestSignature.newSecret();

    private final List<String> verdicts = new CopyOnWriteArrayList<>();
    private final ExecutorService agentThreads = Executors.newFixedThreadPool(4);
    private HttpServer agent;
    private HttpAgentClient client;
    private volatile int answer = 202;

    @BeforeEach
    void startAgent() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        NonceCache nonces = new NonceCache();
        agent.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            verdicts.add(RequestSignature.of(SECRET)
                            .verify(
                                    exchange.getRequestMethod(),
                                    exchange.getRequestURI().getRawPath(),
                                    body,
                                    headers.getFirst(RequestSignature.TIMESTAMP),
                                    headers.getFirst(RequestSignature.NONCE),
                                    headers.getFirst(RequestSignature.SIGNATURE),
                                    System.currentTimeMillis(),
                                    nonces)
                    + " " + headers.getFirst("Content-Type"));
            if (answer > 0) {
                reply(exchange, answer);
            } // else: never answers
        });
        agent.setExecutor(agentThreads);
        agent.start();
        client = new HttpAgentClient(
                new AgentProperties(Duration.ofSeconds(2), Duration.ofMillis(500)),
                jobId -> jobId.equals("j") ? Optional.of(SECRET) : Optional.empty(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        agent.stop(0);
        agentThreads.shutdownNow();
    }

    @Test
    void triggersArriveSignedAsJsonAndNoThreadIsStartedPerCall() {
        client.trigger(agentUrl(), trigger(0)).join(); // the client's own threads are up from here on
        long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            calls.add(client.trigger(agentUrl(), trigger(id)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        // With the JDK's client on two cores or fewer, every answer was handed to a new thread: 200 here.
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
        assertThat(started).isLessThan(20);
        assertThat(verdicts).hasSize(201).containsOnly("VALID application/json");
    }

    @Test
    void anAgentUrlWithAPathIsSignedOverTheWholeTargetTheAgentReceives() {
        // A host serving agents under a path, as ScaleBench's farm does: /<job>/v1/checkpoints/trigger.
        client.trigger(agentUrl() + "/orders/3", trigger(1)).join();
        client.health("j", agentUrl() + "/orders/3")
                .exceptionally(failure -> null)
                .join();

        assertThat(verdicts).containsExactly("VALID application/json", "VALID null");
    }

    @Test
    void aRefusalOrASilentAgentFailsTheCallSayingWhy() {
        answer = 503;
        assertThatThrownBy(() -> client.trigger(agentUrl(), trigger(1)).join())
                .hasRootCauseMessage(agentUrl() + AgentPaths.TRIGGER + " answered HTTP 503");

        answer = 0;
        assertThatThrownBy(() -> client.trigger(agentUrl(), trigger(2)).join())
                .hasRootCauseMessage(agentUrl() + AgentPaths.TRIGGER + ": no answer within 500 ms");
    }

    @Test
    void anAgentNobodyListensForFailsTheCallAsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> client.trigger(url, trigger(1)).get(5, TimeUnit.SECONDS))
                .rootCause()
                .isInstanceOf(HttpAgentClient.AgentUnreachable.class)
                .hasMessageStartingWith(url + AgentPaths.TRIGGER + ": ")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aJobWithoutSecretIsNeverCalled() {
        assertThatThrownBy(() -> client.trigger(agentUrl(), trigger("gone", 1)).join())
                .hasRootCauseMessage("job 'gone' is not registered (any more)");
        assertThat(verdicts).isEmpty();
    }

    private String agentUrl() {
        return "http://127.0.0.1:" + agent.getAddress().getPort();
    }

    private static TriggerCheckpoint trigger(long id) {
        return trigger("j", id);
    }

    private static TriggerCheckpoint trigger(String jobId, long id) {
        return new TriggerCheckpoint(
                jobId,
                id,
                "t",
                0,
                0,
                Alignment.ALIGNED,
                0,
                "chk",
                "shared",
                "taskowned",
                false,
                "ack",
                "decline",
                false,
                0);
    }

    private static void reply(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
