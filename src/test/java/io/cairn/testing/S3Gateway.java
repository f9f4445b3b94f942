package io.cairn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP hop on loopback between S3A and the test S3 server that counts requests by operation and
 * can answer {@code 503 SlowDown} the way Amazon S3 throttles. What passes is forwarded unchanged.
 */
public final class S3Gateway implements AutoCloseable {

    /** Headers the JDK client sets itself. */
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "date");

    private static final String SLOW_DOWN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>""";

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();

    public S3Gateway(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** A gateway in front of the shared test server. */
    public static S3Gateway toSharedS3() throws IOException {
        return new S3Gateway(URI.create(SharedS3.hadoopProperties().get("fs.s3a.endpoint")));
    }

    /** The S3A settings that reach the test server through this gateway. */
    public Map<String, String> hadoopProperties() {
        Map<String, String> properties = new HashMap<>(SharedS3.hadoopProperties());
        properties.put(
                "fs.s3a.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
        return properties;
    }

    /** Answers the next {@code times} requests of an operation (see {@link #operation}) with 503 SlowDown. */
    public void throttle(String operation, int times) {
        throttles.computeIfAbsent(operation, o -> new AtomicInteger()).addAndGet(times);
    }

    /** Requests seen per operation since the last reset, throttled ones included. */
    public Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }

    public long requests(String operation) {
        LongAdder count = requests.get(operation);
        return count == null ? 0 : count.sum();
    }

    public void reset() {
        requests.clear();
    }

    /**
     * The S3 operation of a request, from its method and query: {@code PUT}, {@code GET}, {@code
     * HEAD}, {@code DELETE}, {@code LIST} (a bucket listing), {@code BULK_DELETE} ({@code POST
     * ?delete}) or {@code MULTIPART} (any other POST).
     */
    static String operation(String method, URI uri) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if ("POST".equals(method)) {
            return query.startsWith("delete") ? "BULK_DELETE" : "MULTIPART";
        }
        if ("GET".equals(method) && (query.contains("list-type") || query.contains("prefix="))) {
            return "LIST";
        }
        return method;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String operation = operation(exchange.getRequestMethod(), exchange.getRequestURI());
            requests.computeIfAbsent(operation, o -> new LongAdder()).increment();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (takeThrottle(operation)) {
                byte[] error = SLOW_DOWN.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(503, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            HttpResponse<InputStream> response =
                    client.send(upstreamRequest(exchange, body), HttpResponse.BodyHandlers.ofInputStream());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            long length = response.headers().firstValueAsLong("content-length").orElse(-1);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (head) {
                // A HEAD answer carries the object's length but no body.
                response.headers()
                        .firstValue("content-length")
                        .ifPresent(value -> exchange.getResponseHeaders().set("Content-Length", value));
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            boolean noBody = length == 0 || response.statusCode() == 204 || response.statusCode() == 304;
            // -1: no body; 0: a body of unknown length, sent chunked.
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : Math.max(length, 0));
            try (InputStream in = response.body();
                    OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest upstreamRequest(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        upstream.resolve(exchange.getRequestURI().getRawPath()
                                + (exchange.getRequestURI().getRawQuery() == null
                                        ? ""
                                        : "?" + exchange.getRequestURI().getRawQuery())))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    private boolean takeThrottle(String operation) {
        AtomicInteger left = throttles.get(operation);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
