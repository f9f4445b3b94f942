package io.cairn.agent.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.cairn.protocol.AckBatch;
import io.cairn.protocol.AckBatchResponse;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.RequestSignature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The agent's calls to Cairn: registration, acks and declines, each retried a few times on failure. */
final class CairnCallbacks {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final int ATTEMPTS = 3;

    private final HttpClient http;
    private final String cairnUrl;
    private final Duration timeout;
    private final RequestSignature signature;
    private final Clock clock;
    /** Cairn refused a batched registration as an unknown field: it is older than batched agents. */
    private volatile boolean batchingUnknown;

    CairnCallbacks(HttpClient http, String cairnUrl, Duration timeout, RequestSignature signature, Clock clock) {
        this.http = http;
        this.cairnUrl = cairnUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.signature = signature;
        this.clock = clock;
    }

    /**
     * Registers or renews; throws when Cairn refuses, so a misconfigured agent fails at start. A
     * Cairn older than batched agents refuses the field as unknown: the agent then registers, and
     * from then on renews, without it, and takes one trigger per subtask.
     */
    void register(String jobId, String taskId, int subtask, String agentUrl, boolean batched) throws IOException {
        boolean asBatched = batched && !batchingUnknown;
        byte[] body =
                JSON.writeValueAsBytes(asBatched ? Map.of("url", agentUrl, "batched", true) : Map.of("url", agentUrl));
        HttpResponse<String> response =
                send(signed("PUT", URI.create(cairnUrl + AgentPaths.registration(jobId, taskId, subtask)), body));
        if (asBatched && response.statusCode() == 400 && response.body().contains("unknown-field")) {
            batchingUnknown = true;
            register(jobId, taskId, subtask, agentUrl, false);
            return;
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Cairn refused the registration of " + taskId + "/" + subtask + " of job " + jobId
                    + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Posts an ack or a decline and returns Cairn's answer. */
    AckResponse post(String url, Object body) throws IOException {
        return post(url, body, AckResponse.class);
    }

    /** Posts a batch of acks and returns Cairn's answer, one per ack. */
    AckBatchResponse post(String url, AckBatch batch) throws IOException {
        return post(url, batch, AckBatchResponse.class);
    }

    private <T> T post(String url, Object body, Class<T> answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                // Signed anew each attempt: Cairn refuses a nonce it has seen.
                HttpResponse<String> response = send(signed("POST", URI.create(url), bytes));
                if (response.statusCode() / 100 == 2) {
                    return JSON.readValue(response.body(), answer);
                }
                if (response.statusCode() / 100 == 4) {
                    throw new IOException(
                            "Cairn refused " + url + ": HTTP " + response.statusCode() + " " + response.body());
                }
                last = new IOException("Cairn answered HTTP " + response.statusCode() + " to " + url);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("Cairn refused")) {
                    throw e;
                }
                last = e;
            }
            pause(attempt);
        }
        throw last;
    }

    private HttpRequest signed(String method, URI uri, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signature
                .sign(
                        method,
                        RequestSignature.target(uri),
                        body,
                        clock.instant().toEpochMilli())
                .forEach(request::header);
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling Cairn", e);
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrying a call to Cairn", e);
        }
    }
}
