package io.cairn.agent.sdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.AgentHealth;
import io.cairn.protocol.AgentPaths;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.Decline;
import io.cairn.protocol.RequestSignature;
import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.TriggerCheckpoint;
import org.apache.hadoop.conf.Configuration;

/**
 * The agent of one subtask. It serves {@code /v1/checkpoints/trigger}, {@code /complete},
 * {@code /abort}, {@code /v1/restore} and {@code /v1/health} on its own port (or through an
 * {@link AgentHost} shared with other subtasks of the job), registers with Cairn and renews, and
 * runs each trigger's snapshot on its own thread, in order, then acks or declines.
 *
 * <p>Start the engine's JVM with {@code -Dsun.net.httpserver.nodelay=true}: the JDK's HTTP server
 * leaves Nagle's algorithm on, so each answer to Cairn can wait about 40 ms for a delayed ACK. The
 * SDK does not set that JVM-wide property itself; the JVM belongs to the engine.
 *
 * <pre>{@code
 * CheckpointAgent agent = CheckpointAgent.builder("http://cairn:8080", "orders-1", "count", 3)
 *         .agentSecret(secretFromJobRegistration)
 *         .snapshotTaker(ctx -> ctx.writeState("counts", serialize(counts)))
 *         .start();
 * }</pre>
 */
public final class CheckpointAgent implements AutoCloseable {

    private static final System.Logger log = System.getLogger(CheckpointAgent.class.getName());

    private static final HttpClient SHARED_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Builder settings;
    private final StateFiles files;
    private final CairnCallbacks cairn;
    private final AgentHttp http;
    private final EpochGuard epochs = new EpochGuard();

    private final ExecutorService snapshots;
    private final ScheduledExecutorService renewals;
    private final RenewalDue renewal;
    private final ExecutorService serverThreads;
    private HttpServer server;
    private String url;
    private volatile boolean closed;

    private CheckpointAgent(Builder settings) {
        this.settings = settings;
        this.files = new StateFiles(settings.hadoopConf);
        RequestSignature signature = new RequestSignature(settings.agentSecret);
        this.http = new AgentHttp(signature, settings.clock);
        this.cairn =
                new CairnCallbacks(SHARED_CLIENT, settings.cairnUrl, settings.callTimeout, signature, settings.clock);
        String name = "agent-" + settings.taskId + "-" + settings.subtask;
        this.snapshots = Executors.newSingleThreadExecutor(daemon(name + "-snapshot"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon(name + "-renewal"));
        this.renewal = new RenewalDue(settings.renewInterval, settings.clock);
        this.serverThreads = settings.host == null ? Executors.newFixedThreadPool(2, daemon(name + "-http")) : null;
    }

    public static Builder builder(String cairnUrl, String jobId, String taskId, int subtask) {
        return new Builder(cairnUrl, jobId, taskId, subtask);
    }

    /** Binds (or joins its host), registers with Cairn (failing if Cairn refuses), and starts renewing. */
    private CheckpointAgent start() throws IOException {
        if (settings.host != null) {
            url = settings.host.url();
            settings.host.mount(this);
        } else {
            server = HttpServer.create(new InetSocketAddress(settings.bindHost, settings.port), 64);
            server.setExecutor(serverThreads);
            server.createContext("/v1/checkpoints/", this::checkpoints);
            server.createContext(AgentPaths.HEALTH, this::health);
            server.createContext(AgentPaths.RESTORE, this::restore);
            server.start();
            url = "http://" + settings.advertisedHost + ":"
                    + server.getAddress().getPort();
        }
        try {
            register();
        } catch (IOException e) {
            close();
            throw e;
        }
        long checkMillis = renewal.checkEvery().toMillis();
        renewals.scheduleWithFixedDelay(this::renewIfDue, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Where Cairn reaches this agent. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        closed = true;
        renewals.shutdownNow();
        if (server != null) {
            server.stop(0);
        }
        if (settings.host != null) {
            settings.host.unmount(this);
        }
        snapshots.shutdownNow();
        if (serverThreads != null) {
            serverThreads.shutdownNow();
        }
        files.close();
    }

    private void register() throws IOException {
        cairn.register(settings.jobId, settings.taskId, settings.subtask, url, settings.host != null);
        renewal.seen();
    }

    String taskId() {
        return settings.taskId;
    }

    int subtask() {
        return settings.subtask;
    }

    String jobId() {
        return settings.jobId;
    }

    /** Cairn counted an ack of this agent as its renewal. */
    void seenByCairn() {
        renewal.seen();
    }

    /**
     * Snapshots for the trigger on this agent's snapshot thread, in trigger order, then hands the
     * ack to {@code done}, or null when there is none (the agent declined, or stopped meanwhile).
     */
    void snapshotThen(TriggerCheckpoint trigger, Consumer<Acknowledge> done) {
        snapshots.execute(() -> done.accept(snapshot(trigger)));
    }

    /** A trigger of this subtask alone: its ack goes alone too. */
    void triggeredAlone(TriggerCheckpoint trigger) {
        snapshotThen(trigger, ack -> {
            if (ack != null) {
                acknowledge(trigger, ack);
            }
        });
    }

    /** Cairn told how a checkpoint ended; the listener hears it on the snapshot thread. */
    void ended(long checkpointId, boolean completed) {
        snapshots.execute(() -> notifyListener(checkpointId, completed));
    }

    private void renewIfDue() {
        if (!renewal.due()) {
            return;
        }
        try {
            register();
        } catch (IOException | RuntimeException e) {
            renewal.attempted();
            log.log(
                    System.Logger.Level.WARNING,
                    "Renewal of agent {0}/{1} failed: {2}",
                    settings.taskId,
                    settings.subtask,
                    e.toString());
        }
    }

    private void checkpoints(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = AgentHttp.body(exchange);
            if (!http.signedByCairn(exchange, body, who())) {
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"use POST\"}");
            } else if (path.equals(AgentPaths.TRIGGER)) {
                TriggerCheckpoint trigger = CairnCallbacks.JSON.readValue(body, TriggerCheckpoint.class);
                if (!epochs.admits(trigger.epoch())) {
                    respond(exchange, 409, epochs.refusal(trigger.epoch()));
                    return;
                }
                triggeredAlone(trigger);
                respond(exchange, 202, "{\"accepted\":" + trigger.checkpointId() + "}");
            } else if (path.endsWith("/complete") || path.endsWith("/abort")) {
                CheckpointNotification notification = CairnCallbacks.JSON.readValue(body, CheckpointNotification.class);
                ended(notification.checkpointId(), path.endsWith("/complete"));
                respond(exchange, 200, "{}");
            } else {
                respond(exchange, 404, "{\"error\":\"unknown path\"}");
            }
        } catch (RuntimeException e) {
            respondQuietly(exchange, 400, "{\"error\":\"unreadable request\"}");
        }
    }

    /** @return the ack, or null when the snapshot failed (declined here) or the agent stopped */
    private Acknowledge snapshot(TriggerCheckpoint trigger) {
        long startDelay = Math.max(0, settings.clock.instant().toEpochMilli() - trigger.timestamp());
        SnapshotContext context = new SnapshotContext(trigger, files, settings.inlineThreshold);
        try {
            settings.snapshotTaker.snapshot(context);
        } catch (Exception e) {
            if (!closed) {
                decline(trigger, e);
            }
            return null;
        }
        if (closed) {
            // A stopped agent answers nothing, as a dead process would.
            return null;
        }
        long end = System.nanoTime();
        long syncEnd = context.syncDoneNanos() == 0 ? end : context.syncDoneNanos();
        long stateSize =
                context.handles().stream().mapToLong(handle -> handle.size()).sum();
        long inFlight = context.handles().stream()
                .filter(handle -> handle.inFlight())
                .mapToLong(h -> h.size())
                .sum();
        return new Acknowledge(
                trigger.checkpointId(),
                trigger.taskId(),
                trigger.subtask(),
                context.handles(),
                stateSize,
                context.checkpointedBytes(),
                inFlight,
                context.alignmentMs(),
                startDelay,
                TimeUnit.NANOSECONDS.toMillis(syncEnd - context.startNanos()),
                TimeUnit.NANOSECONDS.toMillis(end - syncEnd),
                context.watermarkValue(),
                context.alignmentUsed());
    }

    private void acknowledge(TriggerCheckpoint trigger, Acknowledge ack) {
        try {
            if (cairn.post(trigger.ackUrl(), ack).countedAsRenewal()) {
                renewal.seen();
            }
        } catch (IOException | RuntimeException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "Ack of checkpoint {0} by {1}/{2} failed: {3}",
                    trigger.checkpointId(),
                    trigger.taskId(),
                    trigger.subtask(),
                    e.toString());
        }
    }

    private void notifyListener(long checkpointId, boolean completed) {
        try {
            if (completed) {
                settings.listener.completed(checkpointId);
            } else {
                settings.listener.aborted(checkpointId);
            }
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "Checkpoint listener failed on {0}: {1}", checkpointId, e.toString());
        }
    }

    private void decline(TriggerCheckpoint trigger, Exception cause) {
        String reason = cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
        try {
            cairn.post(
                    trigger.declineUrl(),
                    new Decline(trigger.checkpointId(), trigger.taskId(), trigger.subtask(), reason));
        } catch (IOException | RuntimeException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "Decline of checkpoint {0} failed: {1}",
                    trigger.checkpointId(),
                    e.toString());
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!http.signedByCairn(exchange, AgentHttp.body(exchange), who())) {
                return;
            }
            respond(
                    exchange,
                    200,
                    CairnCallbacks.JSON.writeValueAsString(
                            new AgentHealth(settings.jobId, settings.taskId, settings.subtask, "UP")));
        }
    }

    private void restore(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = AgentHttp.body(exchange);
            if (!http.signedByCairn(exchange, body, who())) {
                return;
            }
            RestoreCommand command = AgentHttp.admittedRestore(exchange, body, epochs);
            if (command != null) {
                restoreAndAnswer(exchange, command);
            }
        }
    }

    /** Loads the command's state with the restore handler and answers Cairn: 200 once loaded. */
    void restoreAndAnswer(HttpExchange exchange, RestoreCommand command) throws IOException {
        try {
            settings.restoreHandler.restore(new RestoreContext(command, files));
            respond(exchange, 200, "{\"restored\":" + command.checkpointId() + "}");
        } catch (Exception e) {
            respond(
                    exchange,
                    500,
                    CairnCallbacks.JSON.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
        }
    }

    private String who() {
        return "Agent " + settings.taskId + "/" + settings.subtask;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        AgentHttp.respond(exchange, status, json);
    }

    private static void respondQuietly(HttpExchange exchange, int status, String json) {
        AgentHttp.respondQuietly(exchange, status, json);
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of an agent; {@link #start()} builds and starts it. */
    public static final class Builder {

        private final String cairnUrl;
        private final String jobId;
        private final String taskId;
        private final int subtask;
        private String bindHost = "127.0.0.1";
        private String advertisedHost = "127.0.0.1";
        private int port;
        private int inlineThreshold = 20 * 1024;
        private Duration renewInterval = Duration.ofSeconds(12);
        private Duration callTimeout = Duration.ofSeconds(10);
        private Configuration hadoopConf = new Configuration();
        private Clock clock = Clock.systemUTC();
        private String agentSecret;
        private AgentHost host;
        private SnapshotTaker snapshotTaker;
        private CheckpointListener listener = checkpointId -> {};
        private RestoreHandler restoreHandler = context -> {
            throw new UnsupportedOperationException("this task cannot restore");
        };

        private Builder(String cairnUrl, String jobId, String taskId, int subtask) {
            this.cairnUrl = Objects.requireNonNull(cairnUrl);
            this.jobId = Objects.requireNonNull(jobId);
            this.taskId = Objects.requireNonNull(taskId);
            this.subtask = subtask;
        }

        /**
         * The job's agent secret, as {@code POST /api/v1/jobs} (or a rotation) returned it: the agent
         * signs its calls with it and refuses calls to it that are not signed with it. Required.
         */
        public Builder agentSecret(String secret) {
            this.agentSecret = secret;
            return this;
        }

        public Builder snapshotTaker(SnapshotTaker taker) {
            this.snapshotTaker = taker;
            return this;
        }

        public Builder checkpointListener(CheckpointListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder restoreHandler(RestoreHandler handler) {
            this.restoreHandler = handler;
            return this;
        }

        /** Address to listen on (default 127.0.0.1) and port (default 0: any free port). */
        public Builder bind(String host, int port) {
            this.bindHost = host;
            this.port = port;
            return this;
        }

        /**
         * Serve through a host shared with other subtasks of the job instead of a server of its
         * own: registered batched at the host's URL, the agent gets one trigger per checkpoint with
         * its neighbours, and their acks go back in one call (agent protocol, batched agents).
         * {@link #bind} and {@link #advertisedHost} are then the host's.
         */
        public Builder host(AgentHost host) {
            this.host = host;
            return this;
        }

        /** Host name Cairn uses to reach this agent (default 127.0.0.1). */
        public Builder advertisedHost(String host) {
            this.advertisedHost = host;
            return this;
        }

        /** State smaller than this many bytes travels inside the ack (default 20 KiB). */
        public Builder inlineThreshold(int bytes) {
            this.inlineThreshold = bytes;
            return this;
        }

        /**
         * Renews once Cairn has not seen the agent for this long (default 12 s, looked at every
         * second): its registration, a renewal or an ack Cairn answered {@code renewed} count, so
         * an agent of a job checkpointing more often renews not at all. Cairn counts an agent
         * missing after 60 s by default; stay under a quarter of that.
         */
        public Builder renewInterval(Duration interval) {
            this.renewInterval = interval;
            return this;
        }

        public Builder hadoopConfiguration(Configuration conf) {
            this.hadoopConf = conf;
            return this;
        }

        /**
         * Wall clock for the start delay (trigger timestamp to snapshot start), signatures and when
         * a renewal is due; default the system clock.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CheckpointAgent start() throws IOException {
            Objects.requireNonNull(snapshotTaker, "a snapshot taker is required");
            Objects.requireNonNull(agentSecret, "the job's agent secret is required (POST /api/v1/jobs returns it)");
            return new CheckpointAgent(this).start();
        }
    }
}
