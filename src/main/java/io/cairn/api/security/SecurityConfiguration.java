package io.cairn.api.security;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.agentclient.AgentSecretLookup;
import io.cairn.api.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Who may call what. Bearer API tokens (or JWTs from a configured issuer) carry a role; agents
 * authenticate by signature instead ({@link AgentSignatureFilter}). Health and Prometheus are open
 * for probes and scrapers; the API description, Swagger UI and the console's static files are open
 * (they hold no data).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final String API = "/api/v1/**";

    /**
     * Agent calls (registration, renewal, acks, declines) get a chain of their own: the signature is
     * their only credential, and every agent sends one per checkpoint, so they skip the API chain's
     * bearer-token, logout, session and request-cache filters. The firewall still runs first.
     */
    @Bean
    @Order(1)
    SecurityFilterChain agentChannel(HttpSecurity http, AgentSecretLookup agentSecrets, Clock clock) throws Exception {
        http.securityMatcher(AgentSignatureFilter::isAgentCall)
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(AgentSignatureFilter.AGENT_ROLE))
                // Unreachable while the signature filter answers every unsigned call itself; a problem all the same.
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint((request, response, failure) -> ProblemResponses.write(
                                request,
                                response,
                                401,
                                "agent-signature-invalid",
                                "Agent call not authenticated",
                                "Agent calls must be signed with the job's agent secret",
                                Map.of())))
                .addFilterBefore(new AgentSignatureFilter(agentSecrets, clock), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * No observation wrapped around each security filter of every request: with observations of
     * Spring Security switched off (application.yaml) the wrappers stayed and only cost time.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder)
            throws Exception {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        AuthenticationManager bearer = bearerAuthentication(
                ApiTokens.configured(properties, decoder != null), decoder, properties.rolesClaim());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // The console's pages and scripts hold no data: they call the API with the user's token.
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/console/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers(HttpMethod.DELETE, API)
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.PATCH, API)
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/v1/maintenance/**", "/api/v1/jobs/*/agent-secret")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, API)
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.PUT, API)
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.GET, API)
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.GET, "/actuator/**")
                        .hasRole(Role.VIEWER.name())
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemResponses.write(
                                    request,
                                    response,
                                    401,
                                    "unauthenticated",
                                    "Not authenticated",
                                    "Send 'Authorization: Bearer <API token>' (cairn.security.tokens; the embedded run "
                                            + "writes one to " + properties.adminTokenFile() + "): "
                                            + failure.getMessage(),
                                    Map.of());
                        })
                        .accessDeniedHandler((request, response, denied) -> ProblemResponses.write(
                                request,
                                response,
                                403,
                                "forbidden",
                                "Not allowed",
                                "Your role may not " + request.getMethod() + " "
                                        + request.getRequestURI() + "; "
                                        + needed(request.getMethod(), request.getRequestURI()),
                                Map.of())))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, failure) -> {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    ProblemResponses.write(
                            request,
                            response,
                            401,
                            "unauthenticated",
                            "Not authenticated",
                            "This needs 'Authorization: Bearer <API token>' (cairn.security.tokens; the "
                                    + "embedded run writes one to " + properties.adminTokenFile() + ")",
                            Map.of());
                }));
        return http.build();
    }

    private static String needed(String method, String path) {
        if (path.startsWith("/api/v1/maintenance/") && !"GET".equals(method)
                || "DELETE".equals(method)
                || "PATCH".equals(method)
                || path.endsWith("/agent-secret")) {
            return "it needs ADMIN";
        }
        return "GET".equals(method) ? "it needs VIEWER" : "it needs OPERATOR";
    }

    /**
     * Spring Security's firewall refuses encoded slashes, dots and NULs in paths before anything
     * else runs (Flink's path-traversal CVEs came through such paths); it answers with a problem too.
     */
    @Bean
    WebSecurityCustomizer rejectedRequestsAnswerProblems() {
        return web -> web.requestRejectedHandler((request, response, rejected) -> ProblemResponses.write(
                request,
                response,
                400,
                "rejected-path",
                "Request refused",
                "The request path holds characters Cairn never accepts (encoded '/', '.', '\\', '%', NUL or "
                        + "'..' segments); ids are letters, digits, '.', '_' and '-'",
                Map.of()));
    }

    /** A JWT when an issuer is configured and the token looks like one; otherwise an API token. */
    private static AuthenticationManager bearerAuthentication(ApiTokens tokens, JwtDecoder decoder, String rolesClaim) {
        ApiTokenAuthenticationProvider apiTokens = new ApiTokenAuthenticationProvider(tokens);
        JwtAuthenticationProvider jwt = decoder == null ? null : jwtProvider(decoder, rolesClaim);
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            boolean looksLikeJwt = token.chars().filter(c -> c == '.').count() == 2;
            return jwt != null && looksLikeJwt
                    ? jwt.authenticate(authentication)
                    : apiTokens.authenticate(authentication);
        };
    }

    private static JwtAuthenticationProvider jwtProvider(JwtDecoder decoder, String rolesClaim) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt, rolesOf(jwt, rolesClaim)));
        return provider;
    }

    /** The authorities of the known roles a JWT's claim names (a list, or a space-separated string). */
    static Collection<GrantedAuthority> rolesOf(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        List<String> names = value instanceof Collection<?> list
                ? list.stream().map(String::valueOf).toList()
                : value instanceof String text ? List.of(text.split("\\s+")) : List.of();
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String name : names) {
            for (Role role : Role.values()) {
                if (role.name().equalsIgnoreCase(name.trim())) {
                    authorities.addAll(role.authorities());
                }
            }
        }
        return authorities;
    }
}
