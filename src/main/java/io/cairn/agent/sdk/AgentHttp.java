package io.cairn.agent.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.sun.net.httpserver.HttpExchange;
import io.cairn.protocol.NonceCache;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.RestoreCommand;

/** What an agent's own server and an {@link AgentHost} share: Cairn's signature checked, JSON answered. */
final class AgentHttp {

    private static final System.Logger log = System.getLogger(AgentHttp.class.getName());

    private final RequestSignature signature;
    private final NonceCache nonces = new NonceCache();
    private final Clock clock;

    AgentHttp(RequestSignature signature, Clock clock) {
        this.signature = signature;
        this.clock = clock;
    }

    /** Answers 401 and returns false unless Cairn signed the call with the job's secret, freshly and once. */
    boolean signedByCairn(HttpExchange exchange, byte[] body, String who) throws IOException {
        URI uri = exchange.getRequestURI();
        var headers = exchange.getRequestHeaders();
        RequestSignature.Verdict verdict = signature.verify(
                exchange.getRequestMethod(),
                RequestSignature.target(uri),
                body,
                headers.getFirst(RequestSignature.TIMESTAMP),
                headers.getFirst(RequestSignature.NONCE),
                headers.getFirst(RequestSignature.SIGNATURE),
                clock.instant().toEpochMilli(),
                nonces);
        if (verdict == RequestSignature.Verdict.VALID) {
            return true;
        }
        log.log(System.Logger.Level.WARNING, "{0} refused a call to {1}: {2}", who, uri.getRawPath(), verdict);
        respond(exchange, 401, "{\"error\":\"" + verdict + "\"}");
        return false;
    }

    /**
     * The restore command a signed call carries, or null once the call is answered: 400 when it
     * cannot be read, 409 when its epoch is older than one {@code epochs} has seen.
     */
    static RestoreCommand admittedRestore(HttpExchange exchange, byte[] body, EpochGuard epochs) throws IOException {
        RestoreCommand command;
        try {
            command = CairnCallbacks.JSON.readValue(body, RestoreCommand.class);
        } catch (RuntimeException e) {
            respond(exchange, 400, "{\"error\":\"unreadable restore command\"}");
            return null;
        }
        if (!epochs.admits(command.epoch())) {
            respond(exchange, 409, epochs.refusal(command.epoch()));
            return null;
        }
        return command;
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void respondQuietly(HttpExchange exchange, int status, String json) {
        try {
            respond(exchange, status, json);
        } catch (IOException | RuntimeException ignored) {
            // The response had already begun; the caller sees a broken exchange.
        }
    }
}
