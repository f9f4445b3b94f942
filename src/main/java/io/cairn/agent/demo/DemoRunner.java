package io.cairn.agent.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.hadoop.conf.Configuration;
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
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        String cairnUrl = "http://127.0.0.1:" + port;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cairnUrl + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jobId":"%s","name":"Demo: keyed running count",
                         "tasks":[{"taskId":"%s","parallelism":2},{"taskId":"%s","parallelism":4}],
                         "checkpointing":{"interval":"%s","numRetained":3}}"""
                        .formatted(JOB_ID, DemoEngine.SOURCE, DemoEngine.COUNT, properties.interval())))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            log.error("The demo job could not be registered: HTTP {} {}", response.statusCode(), response.body());
            return;
        }
        engine = DemoEngine.start(cairnUrl, JOB_ID, 2, 4, properties.eventsPerSecond(), new Configuration());
        log.info("Demo job '{}' runs with 6 in-process agents; see {}/api/v1/jobs/{}/checkpoints", JOB_ID, cairnUrl,
                JOB_ID);
    }

    @Override
    public void destroy() {
        if (engine != null) {
            engine.close();
        }
    }
}
