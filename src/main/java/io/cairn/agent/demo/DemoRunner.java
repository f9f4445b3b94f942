package io.cairn.agent.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cairn.common.DaemonThreads;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the demo once Cairn serves: registers job {@code demo} (tasks source x2 and count x4,
 * checkpoint every {@code cairn.demo.interval}) through the public API as any engine would, then
 * runs the engine and its agents in this process.
 */
@Component
@ConditionalOnBooleanProperty("cairn.demo.enabled")
class DemoRunner implements DisposableBean {

    static final String JOB_ID = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoProperties properties;
    private final ScheduledExecutorService follower =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-follower"));
    private volatile DemoEngine engine;
    private volatile Shape running;

    DemoRunner(DemoProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        try {
            start(event);
        } catch (IOException | RuntimeException e) {
            log.error("The demo could not start; Cairn itself runs on: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(ApplicationReadyEvent event) throws IOException, InterruptedException {
        // The demo is the engine here and this JVM its own: its agents' HTTP servers answer without
        // Nagle's delay (the SDK leaves that JVM-wide choice to the engine; Cairn itself runs on Tomcat).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        var environment = event.getApplicationContext().getEnvironment();
        String cairnUrl = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        String token = properties.apiToken() != null
                ? properties.apiToken()
                : Files.readString(Path.of(
                                environment.getProperty("cairn.security.admin-token-file", "./data/admin-token")))
                        .trim();
        HttpResponse<String> response = call(cairnUrl + "/api/v1/jobs", token, """
                {"jobId":"%s","name":"Demo: keyed running count",
                 "tasks":[{"taskId":"%s","parallelism":2},{"taskId":"%s","parallelism":4}],
                 "checkpointing":{"interval":"%s","numRetained":3}}""".formatted(
                        JOB_ID, DemoEngine.SOURCE, DemoEngine.COUNT, properties.interval()));
        if (response.statusCode() == 409) {
            // Registered by an earlier run: its secret was shown once, so the demo takes a new one.
            response = call(cairnUrl + "/api/v1/jobs/" + JOB_ID + "/agent-secret", token, "");
        }
        if (response.statusCode() / 100 != 2) {
            log.error("The demo job could not be registered: HTTP {} {}", response.statusCode(), response.body());
            return;
        }
        String secret = JsonMapper.builder()
                .build()
                .readTree(response.body())
                .path("agentSecret")
                .asString();
        Shape shape = shapeOf(cairnUrl, token).orElse(new Shape(2, 4));
        engine = DemoEngine.start(
                cairnUrl,
                JOB_ID,
                secret,
                shape.sources(),
                shape.counters(),
                properties.eventsPerSecond(),
                new Configuration());
        running = shape;
        log.info(
                "Demo job '{}' runs with {} in-process agents; see {}/api/v1/jobs/{}/checkpoints",
                JOB_ID,
                shape.sources() + shape.counters(),
                cairnUrl,
                JOB_ID);
        follower.scheduleWithFixedDelay(() -> followRescale(cairnUrl, token, secret), 1, 1, TimeUnit.SECONDS);
    }

    /**
     * A restore that rescales the job changes its tasks in Cairn; an engine then runs the new
     * shape. The demo does as a real engine would: it restarts its subtasks with the new
     * parallelism, their agents register, and the restore hands them their state.
     */
    private void followRescale(String cairnUrl, String token, String secret) {
        try {
            Optional<Shape> wanted = shapeOf(cairnUrl, token);
            if (wanted.isEmpty() || wanted.get().equals(running)) {
                return;
            }
            log.info(
                    "Demo job '{}' was rescaled: restarting with source x{} and count x{}",
                    JOB_ID,
                    wanted.get().sources(),
                    wanted.get().counters());
            engine.close();
            engine = DemoEngine.start(
                    cairnUrl,
                    JOB_ID,
                    secret,
                    wanted.get().sources(),
                    wanted.get().counters(),
                    properties.eventsPerSecond(),
                    new Configuration());
            running = wanted.get();
        } catch (IOException | RuntimeException e) {
            log.warn("The demo could not follow its job's shape; retrying: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo job's parallelism per task as Cairn has it, or empty when it cannot be read. */
    private static Optional<Shape> shapeOf(String cairnUrl, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cairnUrl + "/api/v1/jobs/" + JOB_ID))
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        int sources = 0;
        int counters = 0;
        for (JsonNode task :
                JsonMapper.builder().build().readTree(response.body()).path("tasks")) {
            switch (task.path("taskId").asString()) {
                case DemoEngine.SOURCE -> sources = task.path("parallelism").asInt();
                case DemoEngine.COUNT -> counters = task.path("parallelism").asInt();
                default -> {
                    return Optional.empty();
                }
            }
        }
        return sources > 0 && counters > 0 ? Optional.of(new Shape(sources, counters)) : Optional.empty();
    }

    /** How many source and count subtasks the demo runs. */
    private record Shape(int sources, int counters) {}

    private static HttpResponse<String> call(String url, String token, String json)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(
                                        json.isEmpty()
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void destroy() {
        follower.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }
}
