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
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

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

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            SecurityProperties properties,
            ObjectProvider<JwtDecoder> jwtDecoder,
            AgentSecretLookup agentSecrets,
            Clock clock)
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
                        .requestMatchers(AgentSignatureFilter::isAgentCall)
                        .hasRole(AgentSignatureFilter.AGENT_ROLE)
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
                }))
                .addFilterBefore(new AgentSignatureFilter(agentSecrets, clock), BearerTokenAuthenticationFilter.class);
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
