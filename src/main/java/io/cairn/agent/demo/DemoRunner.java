package io.cairn.agent.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.hadoop.conf.Configuration;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

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
    private volatile DemoEngine engine;

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
        var environment = event.getApplicationContext().getEnvironment();
        String cairnUrl = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        String token = properties.apiToken() != null ? properties.apiToken()
                : Files.readString(Path.of(environment.getProperty("cairn.security.admin-token-file",
                        "./data/admin-token"))).trim();
        HttpResponse<String> response = call(cairnUrl + "/api/v1/jobs", token, """
                {"jobId":"%s","name":"Demo: keyed running count",
                 "tasks":[{"taskId":"%s","parallelism":2},{"taskId":"%s","parallelism":4}],
                 "checkpointing":{"interval":"%s","numRetained":3}}"""
                .formatted(JOB_ID, DemoEngine.SOURCE, DemoEngine.COUNT, properties.interval()));
        if (response.statusCode() == 409) {
            // Registered by an earlier run: its secret was shown once, so the demo takes a new one.
            response = call(cairnUrl + "/api/v1/jobs/" + JOB_ID + "/agent-secret", token, "");
        }
        if (response.statusCode() / 100 != 2) {
            log.error("The demo job could not be registered: HTTP {} {}", response.statusCode(), response.body());
            return;
        }
        String secret = JsonMapper.builder().build().readTree(response.body()).path("agentSecret").asString();
        engine = DemoEngine.start(cairnUrl, JOB_ID, secret, 2, 4, properties.eventsPerSecond(), new Configuration());
        log.info("Demo job '{}' runs with 6 in-process agents; see {}/api/v1/jobs/{}/checkpoints", JOB_ID, cairnUrl,
                JOB_ID);
    }

    private static HttpResponse<String> call(String url, String token, String json)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void destroy() {
        if (engine != null) {
            engine.close();
        }
    }
}
