package io.cairn.agentclient;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import io.cairn.common.DaemonThreads;
import io.cairn.protocol.AgentHealth;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.TriggerCheckpoint;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AgentClient} over Apache HttpClient's async client: HTTP/1.1, JSON bodies, pooled
 * connections, connect and answer timeouts. Answers complete on the client's two I/O threads.
 *
 * <p>Not the JDK's client: its {@code sendAsync} hands every answer to the common pool, and where
 * that pool has one thread (two cores or fewer, as in most pods) to a new thread per call: two
 * thread starts per agent per checkpoint (trigger, completion notice), a third of the JVM's CPU
 * per checkpoint at 64 agents.
 */
@Component
class HttpAgentClient implements AgentClient, AutoCloseable {

    /** Connections to one agent URL's host and port; agents serving many subtasks share one. */
    private static final int CONNECTIONS_PER_AGENT = 64;

    private static final int CONNECTIONS = 8192;

    /** Closed before agents' servers drop them idle (the JDK's HttpServer does after 30 s). */
    private static final TimeValue IDLE_CONNECTIONS_CLOSED_AFTER = TimeValue.ofSeconds(20);

    /** As the protocol documents it, without a charset parameter (JSON is UTF-8). */
    private static final ContentType JSON = ContentType.create("application/json");

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final CloseableHttpAsyncClient http;
    private final AgentSecretLookup secrets;
    private final Duration requestTimeout;
    private final Clock clock;

    HttpAgentClient(AgentProperties properties, AgentSecretLookup secrets, Clock clock) {
        this.secrets = secrets;
        this.requestTimeout = properties.requestTimeout();
        this.clock = clock;
        Timeout answerWithin = Timeout.of(properties.requestTimeout());
        this.http = HttpAsyncClients.custom()
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(CONNECTIONS_PER_AGENT)
                        .setMaxConnTotal(CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(answerWithin)
                                .build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
                        .setTcpNoDelay(true)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(answerWithin)
                        .setResponseTimeout(answerWithin)
                        .build())
                .setThreadFactory(DaemonThreads.named("cairn-agent-calls"))
                .evictIdleConnections(IDLE_CONNECTIONS_CLOSED_AFTER)
                // Callers decide what a failed call means; a trigger is never sent twice behind their back.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        this.http.start();
    }

    @Override
    public CompletableFuture<Void> trigger(String agentUrl, TriggerCheckpoint trigger) {
        return post(trigger.jobId(), agentUrl, AgentPaths.TRIGGER, trigger);
    }

    @Override
    public CompletableFuture<Void> notifyComplete(String agentUrl, CheckpointNotification notification) {
        return post(notification.jobId(), agentUrl, AgentPaths.complete(notification.checkpointId()), notification);
    }

    @Override
    public CompletableFuture<Void> notifyAbort(String agentUrl, CheckpointNotification notification) {
        return post(notification.jobId(), agentUrl, AgentPaths.abort(notification.checkpointId()), notification);
    }

    @Override
    public CompletableFuture<AgentHealth> health(String jobId, String agentUrl) {
        String url = agentUrl + AgentPaths.HEALTH;
        SimpleHttpRequest request;
        try {
            request = signed(SimpleRequestBuilder.get(url), jobId, "GET", url, new byte[0])
                    .build();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange(request, url)
                .thenApply(response -> mapper.readValue(response.getBodyBytes(), AgentHealth.class));
    }

    @Override
    public CompletableFuture<Void> restore(String agentUrl, RestoreCommand command) {
        return post(command.jobId(), agentUrl, AgentPaths.RESTORE, command);
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    private CompletableFuture<Void> post(String jobId, String agentUrl, String path, Object payload) {
        String url = agentUrl + path;
        byte[] body = mapper.writeValueAsBytes(payload);
        SimpleHttpRequest request;
        try {
            request = signed(SimpleRequestBuilder.post(url), jobId, "POST", url, body)
                    .setBody(body, JSON)
                    .build();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange(request, url).thenAccept(response -> {});
    }

    /** The answer if it is a 2xx; otherwise a future failed with what went wrong, said for a log line. */
    private CompletableFuture<SimpleHttpResponse> exchange(SimpleHttpRequest request, String url) {
        CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
        http.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                if (response.getCode() / 100 == 2) {
                    answer.complete(response);
                } else {
                    answer.completeExceptionally(new AgentRefused(url, response.getCode()));
                }
            }

            @Override
            public void failed(Exception e) {
                answer.completeExceptionally(new AgentUnreachable(url, describe(e)));
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new AgentUnreachable(url, "the call was cancelled (Cairn is stopping)"));
            }
        });
        return answer;
    }

    private String describe(Exception e) {
        if (e instanceof SocketTimeoutException || e instanceof TimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.toString();
    }

    /**
     * Agents accept only calls signed with their job's secret (the agent channel's HMAC), over the
     * request target as the agent receives it: an agent URL's own path included.
     */
    private SimpleRequestBuilder signed(
            SimpleRequestBuilder request, String jobId, String method, String url, byte[] body) {
        String secret = secrets.secretOf(jobId)
                .orElseThrow(() -> new IllegalStateException("job '" + jobId + "' is not registered (any more)"));
        RequestSignature.of(secret)
                .sign(
                        method,
                        RequestSignature.target(URI.create(url)),
                        body,
                        clock.instant().toEpochMilli())
                .forEach(request::addHeader);
        return request;
    }

    /** The agent answered, but not with success. */
    static final class AgentRefused extends RuntimeException {

        AgentRefused(String url, int status) {
            super(url + " answered HTTP " + status);
        }
    }

    /** The agent could not be reached or gave no answer in time. */
    static final class AgentUnreachable extends RuntimeException {

        AgentUnreachable(String url, String what) {
            super(url + ": " + what, null, false, false);
        }
    }
}
