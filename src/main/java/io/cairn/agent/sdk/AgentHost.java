package io.cairn.agent.sdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.protocol.AckBatch;
import io.cairn.protocol.AckBatchResponse;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.AgentHealth;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.TriggerCheckpoint;

/**
 * One HTTP server for several subtasks of one job in one process, as an engine running many
 * subtasks per process uses it (a TaskManager's slots). Agents built with
 * {@link CheckpointAgent.Builder#host} register at its URL as batched: Cairn sends one trigger per
 * checkpoint for all of them, the host hands it to each agent's snapshot thread, and once every one
 * has snapshotted, their acks go back in one call (agent protocol, batched agents). Notices reach
 * every agent; restores the one they name.
 *
 * <pre>{@code
 * try (AgentHost host = AgentHost.start("http://cairn:8080", "orders-1", secret)) {
 *     CheckpointAgent count3 = CheckpointAgent.builder("http://cairn:8080", "orders-1", "count", 3)
 *             .agentSecret(secret).host(host).snapshotTaker(...).start();
 *     ...
 * }
 * }</pre>
 */
public final class AgentHost implements AutoCloseable {

    private static final System.Logger log = System.getLogger(AgentHost.class.getName());

    private final String jobId;
    private final AgentHttp http;
    private final CairnCallbacks cairn;
    private final EpochGuard epochs = new EpochGuard();
    private final Map<String, CheckpointAgent> agents = new ConcurrentHashMap<>();
    private final ExecutorService serverThreads =
            Executors.newFixedThreadPool(2, CheckpointAgent.daemon("agent-host-http"));
    private final HttpServer server;
    private final String url;

    private AgentHost(
            String cairnUrl, String jobId, String agentSecret, String bindHost, int port, String advertisedHost)
            throws IOException {
        this.jobId = Objects.requireNonNull(jobId);
        RequestSignature signature =
                new RequestSignature(Objects.requireNonNull(agentSecret, "the job's agent secret"));
        Clock clock = Clock.systemUTC();
        this.http = new AgentHttp(signature, clock);
        this.cairn = new CairnCallbacks(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build(),
                cairnUrl,
                Duration.ofSeconds(10),
                signature,
                clock);
        this.server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        server.setExecutor(serverThreads);
        server.createContext("/v1/checkpoints/", this::checkpoints);
        server.createContext(AgentPaths.HEALTH, this::health);
        server.createContext(AgentPaths.RESTORE, this::restore);
        server.start();
        this.url = "http://" + advertisedHost + ":" + server.getAddress().getPort();
    }

    /** A host on a free port of the loopback interface. */
    public static AgentHost start(String cairnUrl, String jobId, String agentSecret) throws IOException {
        return start(cairnUrl, jobId, agentSecret, "127.0.0.1", 0, "127.0.0.1");
    }

    /**
     * @param bindHost address to listen on; {@code port} 0 for any free one
     * @param advertisedHost host name Cairn uses to reach it
     */
    public static AgentHost start(
            String cairnUrl, String jobId, String agentSecret, String bindHost, int port, String advertisedHost)
            throws IOException {
        return new AgentHost(cairnUrl, jobId, agentSecret, bindHost, port, advertisedHost);
    }

    /** Where Cairn reaches the host's agents. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    void mount(CheckpointAgent agent) {
        if (!agent.jobId().equals(jobId)) {
            throw new IllegalArgumentException(
                    "the host serves job " + jobId + ", not the agent's job " + agent.jobId());
        }
        if (agents.putIfAbsent(key(agent.taskId(), agent.subtask()), agent) != null) {
            throw new IllegalArgumentException(
                    "the host already serves " + key(agent.taskId(), agent.subtask()) + " of job " + jobId);
        }
    }

    void unmount(CheckpointAgent agent) {
        agents.remove(key(agent.taskId(), agent.subtask()), agent);
    }

    private void checkpoints(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = AgentHttp.body(exchange);
            if (!http.signedByCairn(exchange, body, "Agent host of job " + jobId)) {
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                AgentHttp.respond(exchange, 405, "{\"error\":\"use POST\"}");
            } else if (path.equals(AgentPaths.TRIGGER)) {
                triggered(exchange, CairnCallbacks.JSON.readValue(body, TriggerCheckpoint.class));
            } else if (path.endsWith("/complete") || path.endsWith("/abort")) {
                CheckpointNotification notification = CairnCallbacks.JSON.readValue(body, CheckpointNotification.class);
                agents.values().forEach(agent -> agent.ended(notification.checkpointId(), path.endsWith("/complete")));
                AgentHttp.respond(exchange, 200, "{}");
            } else {
                AgentHttp.respond(exchange, 404, "{\"error\":\"unknown path\"}");
            }
        } catch (RuntimeException e) {
            AgentHttp.respondQuietly(exchange, 400, "{\"error\":\"unreadable request\"}");
        }
    }

    private void triggered(HttpExchange exchange, TriggerCheckpoint trigger) throws IOException {
        if (!epochs.admits(trigger.epoch())) {
            AgentHttp.respond(exchange, 409, epochs.refusal(trigger.epoch()));
            return;
        }
        List<TriggerCheckpoint> each = trigger.perSubtask();
        List<CheckpointAgent> addressed = new ArrayList<>(each.size());
        for (TriggerCheckpoint one : each) {
            CheckpointAgent agent = agents.get(key(one.taskId(), one.subtask()));
            if (agent == null) {
                // Refused whole: Cairn aborts the checkpoint at once instead of waiting for its timeout.
                AgentHttp.respond(
                        exchange, 404, "{\"error\":\"no agent of " + key(one.taskId(), one.subtask()) + "\"}");
                return;
            }
            addressed.add(agent);
        }
        if (trigger.subtasks() == null) {
            addressed.get(0).triggeredAlone(trigger); // from a Cairn that does not batch
        } else {
            AckBatchInFlight batch = new AckBatchInFlight(trigger, addressed.size());
            for (int i = 0; i < each.size(); i++) {
                CheckpointAgent agent = addressed.get(i);
                agent.snapshotThen(each.get(i), ack -> batch.done(agent, ack));
            }
        }
        AgentHttp.respond(exchange, 202, "{\"accepted\":" + trigger.checkpointId() + "}");
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!http.signedByCairn(exchange, AgentHttp.body(exchange), "Agent host of job " + jobId)) {
                return;
            }
            CheckpointAgent any = agents.values().stream().findFirst().orElse(null);
            if (any == null) {
                AgentHttp.respond(exchange, 503, "{\"error\":\"no agents\"}");
                return;
            }
            AgentHttp.respond(
                    exchange,
                    200,
                    CairnCallbacks.JSON.writeValueAsString(new AgentHealth(jobId, any.taskId(), any.subtask(), "UP")));
        }
    }

    private void restore(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = AgentHttp.body(exchange);
            if (!http.signedByCairn(exchange, body, "Agent host of job " + jobId)) {
                return;
            }
            RestoreCommand command = AgentHttp.admittedRestore(exchange, body, epochs);
            if (command == null) {
                return;
            }
            CheckpointAgent agent = agents.get(key(command.taskId(), command.subtask()));
            if (agent == null) {
                AgentHttp.respond(
                        exchange, 404, "{\"error\":\"no agent of " + key(command.taskId(), command.subtask()) + "\"}");
                return;
            }
            agent.restoreAndAnswer(exchange, command);
        }
    }

    private static String key(String taskId, int subtask) {
        return taskId + "/" + subtask;
    }

    /** The acks of one batched trigger, sent in one call once every addressed agent is done. */
    private final class AckBatchInFlight {

        private final TriggerCheckpoint trigger;
        private final List<Acknowledge> acks = new ArrayList<>();
        private final List<CheckpointAgent> ackers = new ArrayList<>();
        private int awaiting;

        AckBatchInFlight(TriggerCheckpoint trigger, int agents) {
            this.trigger = trigger;
            this.awaiting = agents;
        }

        /** @param ack null when the agent declined (it told Cairn itself) or stopped */
        void done(CheckpointAgent agent, Acknowledge ack) {
            synchronized (this) {
                if (ack != null) {
                    acks.add(ack);
                    ackers.add(agent);
                }
                if (--awaiting > 0 || acks.isEmpty()) {
                    return;
                }
            }
            // The last agent's snapshot thread sends it, as a lone agent sends its own ack.
            try {
                AckBatchResponse answer =
                        cairn.post(trigger.ackBatchUrl(), new AckBatch(trigger.checkpointId(), List.copyOf(acks)));
                for (int i = 0; i < ackers.size() && i < answer.answers().size(); i++) {
                    if (answer.answers().get(i).countedAsRenewal()) {
                        ackers.get(i).seenByCairn();
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.log(
                        System.Logger.Level.WARNING,
                        "Acks of checkpoint {0} by {1} subtasks of job {2} failed: {3}",
                        trigger.checkpointId(),
                        acks.size(),
                        jobId,
                        e.toString());
            }
        }
    }
}
