package io.cairn.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.api.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Any replica answers: a change to a job (a trigger, a savepoint, a restore, a checkpointing
 * change, an end) that reaches a replica not coordinating the job is carried out by the one that
 * does, with the caller's own credentials, and its answer relayed. Reads and agents' calls are
 * served wherever they land. A forwarded request is never forwarded again: if the owner changed
 * meanwhile, it is served where it arrived, whose fence then refuses it (503, retry).
 */
@Component
class OwnerForwarding implements HandlerInterceptor {

    static final String FORWARDED_BY = "X-Cairn-Forwarded-By";

    private static final Logger log = LoggerFactory.getLogger(OwnerForwarding.class);
    private static final Pattern JOB_CHANGE = Pattern.compile(
            "/api/v1/jobs/([^/]+)/(checkpoints|savepoints|restores(/[0-9]+/cancel)?|checkpointing|cancel|fail|finish)");
    private static final List<String> RELAYED_HEADERS = List.of("Content-Type", "Location", "Retry-After");

    private final JobOwnership ownership;
    private final LeaseStore store;
    private final String replicaId;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    OwnerForwarding(JobOwnership ownership, LeaseStore store, ReplicaId replicaId) {
        this.ownership = ownership;
        this.store = store;
        this.replicaId = replicaId.get();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!ownership.enabled() || "GET".equals(request.getMethod()) || request.getHeader(FORWARDED_BY) != null) {
            return true;
        }
        Matcher change = JOB_CHANGE.matcher(request.getRequestURI());
        if (!change.matches()) {
            return true;
        }
        Optional<String> owner = store.ownerUrl(change.group(1), replicaId);
        if (owner.isEmpty()) {
            return true;
        }
        forward(owner.get(), request, response);
        return false;
    }

    private void forward(String owner, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        URI target = URI.create(owner + request.getRequestURI() + (query == null ? "" : "?" + query));
        byte[] body = request.getInputStream().readAllBytes();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header(FORWARDED_BY, replicaId)
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of("Authorization", "Content-Type", "Accept")) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.setStatus(answer.statusCode());
            for (String name : RELAYED_HEADERS) {
                answer.headers().firstValue(name).ifPresent(value -> response.setHeader(name, value));
            }
            response.getOutputStream().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + owner, e);
        } catch (IOException e) {
            log.warn(
                    "Could not forward {} {} to the job's coordinator at {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    owner,
                    e.getMessage());
            response.setHeader("Retry-After", "5");
            ProblemResponses.write(
                    request,
                    response,
                    503,
                    "coordinator-unreachable",
                    "Coordinator unreachable",
                    "The replica coordinating this job could not be reached; retry in a few seconds",
                    Map.of());
        }
    }
}
