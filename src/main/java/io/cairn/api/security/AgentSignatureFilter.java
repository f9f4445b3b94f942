package io.cairn.api.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.agentclient.AgentSecretLookup;
import io.cairn.api.PayloadTooLarge;
import io.cairn.api.ProblemResponses;
import io.cairn.protocol.NonceCache;
import io.cairn.protocol.RequestSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The agent channel's door: agent calls (registration, acks, declines) must be signed with the
 * job's agent secret ({@link RequestSignature}). A valid call is authenticated as the job's agent
 * ({@code ROLE_AGENT}); anything else is refused with 401 before it reaches a controller, so a
 * replayed, tampered, stale or other job's request changes nothing. Other paths pass untouched.
 */
final class AgentSignatureFilter extends OncePerRequestFilter {

    static final String AGENT_ROLE = "AGENT";
    private static final Logger log = LoggerFactory.getLogger(AgentSignatureFilter.class);
    private static final Pattern AGENT_CALL = Pattern.compile(
            "^/api/v1/jobs/([^/]+)/(?:agents/[^/]+/[^/]+|checkpoints/[^/]+/(?:acks|ack-batches|declines))$");

    private final AgentSecretLookup secrets;
    private final NonceCache nonces = new NonceCache();
    private final Clock clock;

    AgentSignatureFilter(AgentSecretLookup secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Whether a request is an agent call, which only a signature can authorise. */
    static boolean isAgentCall(HttpServletRequest request) {
        return AGENT_CALL.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = AGENT_CALL.matcher(request.getRequestURI());
        if (!matcher.matches()) {
            // Only the agent chain, whose matcher is isAgentCall, carries this filter; a guard.
            chain.doFilter(request, response);
            return;
        }
        String jobId = matcher.group(1);
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLarge e) {
            response.setHeader("Connection", "close");
            ProblemResponses.write(
                    request, response, 413, "payload-too-large", "Request body too large", e.getMessage(), Map.of());
            return;
        }
        Optional<String> secret = secrets.secretOf(jobId);
        if (secret.isEmpty()) {
            refuse(
                    request,
                    response,
                    jobId,
                    "job '" + jobId + "' is unknown or has no agent secret; register the "
                            + "job (POST /api/v1/jobs) or rotate its secret (POST /api/v1/jobs/" + jobId
                            + "/agent-secret)");
            return;
        }
        String query = request.getQueryString();
        String pathAndQuery = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        RequestSignature.Verdict verdict = RequestSignature.of(secret.get())
                .verify(
                        request.getMethod(),
                        pathAndQuery,
                        body,
                        request.getHeader(RequestSignature.TIMESTAMP),
                        request.getHeader(RequestSignature.NONCE),
                        request.getHeader(RequestSignature.SIGNATURE),
                        clock.instant().toEpochMilli(),
                        nonces);
        if (verdict != RequestSignature.Verdict.VALID) {
            refuse(request, response, jobId, explain(verdict, jobId));
            return;
        }
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "agent:" + jobId, null, List.of(new SimpleGrantedAuthority("ROLE_" + AGENT_ROLE))));
        chain.doFilter(new CachedBody(request, body), response);
    }

    private static String explain(RequestSignature.Verdict verdict, String jobId) {
        return switch (verdict) {
            case UNSIGNED ->
                "Agent calls must carry " + RequestSignature.TIMESTAMP + ", " + RequestSignature.NONCE + " and "
                        + RequestSignature.SIGNATURE + " headers; use the agent SDK with the job's secret";
            case MALFORMED -> "The signature headers are malformed (timestamp in epoch ms, nonce 16-64 hex digits)";
            case STALE ->
                "The request's timestamp is more than " + RequestSignature.MAX_SKEW
                        + " away from Cairn's clock; synchronise the agent's clock";
            case BAD_SIGNATURE -> "The signature does not match job '" + jobId + "''s agent secret over this request";
            case REPLAYED -> "This request's nonce was already used; a signed request is accepted once";
            case VALID -> throw new IllegalArgumentException("a valid request is not refused");
        };
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String jobId, String detail)
            throws IOException {
        log.warn("Refused an agent call to {} for job {}: {}", request.getRequestURI(), jobId, detail);
        ProblemResponses.write(
                request, response, 401, "agent-signature-invalid", "Agent call not authenticated", detail, Map.of());
    }

    /** Replays the body the signature was checked over to whatever reads it next. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
