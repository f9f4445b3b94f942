package io.cairn.flink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.cairn.catalog.FlinkCheckpointEntry.Statistics;
import io.cairn.catalog.FlinkCheckpointEntry.TaskStatistics;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flink's REST API (Flink 1.17 and later), as far as Cairn drives it: trigger a checkpoint, a
 * savepoint or a stop-with-savepoint, wait for the asynchronous operation, and read the checkpoint
 * statistics. Unknown fields are ignored, so newer Flink versions keep working.
 */
@Component
class FlinkRestClient {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final HttpClient http;
    private final FlinkProperties properties;

    FlinkRestClient(FlinkProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** {@code POST /jobs/:jobid/checkpoints}; returns the trigger id. */
    String triggerCheckpoint(String restUrl, String jobId, String checkpointType) {
        return post(restUrl, jobId, "trigger a checkpoint", "/checkpoints", Map.of("checkpointType", checkpointType))
                .path("request-id")
                .asString();
    }

    /** {@code POST /jobs/:jobid/savepoints}, or {@code /stop} to end the job with it; returns the trigger id. */
    String triggerSavepoint(String restUrl, String jobId, String targetDirectory, String formatType, boolean stop) {
        Map<String, Object> body = stop
                ? Map.of("targetDirectory", targetDirectory, "drain", false, "formatType", formatType)
                : Map.of("target-directory", targetDirectory, "cancel-job", false, "formatType", formatType);
        return post(
                        restUrl,
                        jobId,
                        stop ? "stop with a savepoint" : "take a savepoint",
                        stop ? "/stop" : "/savepoints",
                        body)
                .path("request-id")
                .asString();
    }

    /** Waits for a checkpoint trigger; returns the checkpoint's id. */
    long awaitCheckpoint(String restUrl, String jobId, String triggerId) {
        return awaitOperation(restUrl, jobId, "/checkpoints/" + triggerId, "complete a checkpoint")
                .path("checkpointId")
                .asLong();
    }

    /** Waits for a savepoint trigger; returns the savepoint's location. */
    String awaitSavepoint(String restUrl, String jobId, String triggerId) {
        return awaitOperation(restUrl, jobId, "/savepoints/" + triggerId, "complete a savepoint")
                .path("location")
                .asString();
    }

    /**
     * {@code POST /jars/:jarid/run} from a snapshot (Flink 1.20 or later, which name the mode {@code claimMode});
     * returns the id of the job Flink started.
     */
    String runJar(String restUrl, String flinkJobId, String savepointPath, FlinkRestoreRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("savepointPath", savepointPath);
        body.put("claimMode", request.claimModeOrDefault().name());
        body.put("allowNonRestoredState", request.allowsNonRestoredState());
        if (request.entryClass() != null) {
            body.put("entryClass", request.entryClass());
        }
        if (request.programArgs() != null) {
            body.put("programArgsList", request.programArgs());
        }
        if (request.parallelism() != null) {
            body.put("parallelism", request.parallelism());
        }
        HttpRequest run = HttpRequest.newBuilder(URI.create(base(restUrl) + "/jars/" + request.jarId() + "/run"))
                .timeout(properties.operationTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .build();
        return exchange(restUrl, flinkJobId, "start a job from " + savepointPath, run)
                .path("jobid")
                .asString();
    }

    /** {@code GET /jobs/:jobid/checkpoints}: the checkpoints Flink remembers, completed and failed (not in progress). */
    List<HistoryEntry> history(String restUrl, String jobId) {
        JsonNode statistics = get(restUrl, jobId, "read checkpoint statistics", "/checkpoints");
        List<HistoryEntry> history = new ArrayList<>();
        for (JsonNode entry : statistics.path("history")) {
            String status = entry.path("status").asString();
            if (!status.equals("COMPLETED") && !status.equals("FAILED")) {
                continue;
            }
            String type = entry.path("checkpoint_type").asString();
            history.add(new HistoryEntry(
                    entry.path("id").asLong(),
                    entry.path("is_savepoint").asBoolean(),
                    status.equals("FAILED"),
                    textOrNull(entry.path("external_path")),
                    new Statistics(
                            Instant.ofEpochMilli(entry.path("trigger_timestamp").asLong()),
                            longOrNull(entry.path("end_to_end_duration")),
                            longOrNull(entry.path("state_size")),
                            longOrNull(entry.path("checkpointed_size")),
                            longOrNull(entry.path("persisted_data")),
                            longOrNull(entry.path("processed_data")),
                            type.contains("UNALIGNED"),
                            intOrNull(entry.path("num_subtasks")),
                            intOrNull(entry.path("num_acknowledged_subtasks")),
                            textOrNull(entry.path("failure_message")))));
        }
        return history;
    }

    /**
     * Flink's statistics of each task in a checkpoint ({@code /checkpoints/details/:id}), with the
     * largest alignment, sync and async durations of its subtasks and whether any persisted in-flight
     * data unaligned ({@code .../subtasks/:vertexid}).
     */
    List<TaskStatistics> taskStatistics(String restUrl, String jobId, long checkpointId) {
        String details = "/checkpoints/details/" + checkpointId;
        JsonNode checkpoint = get(restUrl, jobId, "read checkpoint details", details);
        List<TaskStatistics> tasks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> task : checkpoint.path("tasks").properties()) {
            JsonNode subtasks = get(restUrl, jobId, "read checkpoint details", details + "/subtasks/" + task.getKey())
                    .path("subtasks");
            long alignment = 0;
            long sync = 0;
            long async = 0;
            boolean unaligned = false;
            for (JsonNode subtask : subtasks) {
                alignment = Math.max(
                        alignment, subtask.path("alignment").path("duration").asLong(0));
                sync = Math.max(sync, subtask.path("checkpoint").path("sync").asLong(0));
                async = Math.max(async, subtask.path("checkpoint").path("async").asLong(0));
                unaligned |= subtask.path("unaligned_checkpoint").asBoolean(false);
            }
            JsonNode figures = task.getValue();
            tasks.add(new TaskStatistics(
                    task.getKey(),
                    figures.path("state_size").asLong(0),
                    figures.path("checkpointed_size").asLong(0),
                    figures.path("end_to_end_duration").asLong(0),
                    figures.path("processed_data").asLong(0),
                    figures.path("persisted_data").asLong(0),
                    alignment,
                    sync,
                    async,
                    unaligned,
                    figures.path("num_subtasks").asInt(0),
                    figures.path("num_acknowledged_subtasks").asInt(0)));
        }
        return tasks;
    }

    /**
     * One checkpoint in Flink's statistics.
     *
     * @param externalPath where a completed one was written; null for a failed one
     */
    record HistoryEntry(
            long checkpointId, boolean savepoint, boolean failed, String externalPath, Statistics statistics) {}

    private JsonNode awaitOperation(String restUrl, String jobId, String path, String what) {
        long deadline = System.nanoTime() + properties.operationTimeout().toNanos();
        while (true) {
            JsonNode answer = get(restUrl, jobId, what, path);
            if (answer.path("status").path("id").asString().equals("COMPLETED")) {
                JsonNode operation = answer.path("operation");
                // A savepoint's result names it "failure-cause", a checkpoint's "failureCause".
                for (String field : List.of("failure-cause", "failureCause")) {
                    JsonNode failure = operation.path(field);
                    if (!failure.isMissingNode() && !failure.isNull()) {
                        String trace = failure.path("stack-trace").asString();
                        throw new FlinkRefused(jobId, what, trace.isEmpty() ? failure.toString() : firstLine(trace));
                    }
                }
                return operation;
            }
            if (System.nanoTime() > deadline) {
                throw new FlinkUnavailable(
                        restUrl, "no answer within " + properties.operationTimeout() + " to " + what);
            }
            LockSupport.parkNanos(properties.pollInterval().toNanos());
        }
    }

    private JsonNode post(String restUrl, String jobId, String what, String path, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(jobUri(restUrl, jobId, path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .build();
        return exchange(restUrl, jobId, what, request);
    }

    private JsonNode get(String restUrl, String jobId, String what, String path) {
        HttpRequest request = HttpRequest.newBuilder(jobUri(restUrl, jobId, path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return exchange(restUrl, jobId, what, request);
    }

    private JsonNode exchange(String restUrl, String jobId, String what, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FlinkUnavailable(restUrl, e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkUnavailable(restUrl, "interrupted");
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (JacksonException e) {
            throw new FlinkUnavailable(restUrl, "an answer that is not JSON (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() >= 500) {
            throw new FlinkUnavailable(restUrl, "HTTP " + response.statusCode() + " " + errors(body));
        }
        if (response.statusCode() >= 400) {
            throw new FlinkRefused(jobId, what, "HTTP " + response.statusCode() + " " + errors(body));
        }
        return body;
    }

    private static URI jobUri(String restUrl, String jobId, String path) {
        return URI.create(base(restUrl) + "/jobs/" + jobId + path);
    }

    private static String base(String restUrl) {
        return restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
    }

    private static String errors(JsonNode body) {
        List<String> errors = new ArrayList<>();
        body.path("errors").forEach(error -> errors.add(summary(error.asString())));
        return errors.isEmpty() ? "" : String.join("; ", errors);
    }

    /** The first line of a Flink error, and its root cause when it carries a stack trace. */
    private static String summary(String error) {
        String root = null;
        for (String line : error.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                root = line.substring("Caused by: ".length());
            }
        }
        return root == null ? firstLine(error) : firstLine(error) + " (caused by " + root + ")";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static Long longOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asLong();
    }

    private static Integer intOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asInt();
    }
}
