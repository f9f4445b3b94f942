package io.cairn.api.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API.
 *
 * @param tokens API tokens, each configured by the SHA-256 of its value (never the value itself)
 * @param adminTokenFile where the generated ADMIN token goes when no token and no JWT issuer is
 *     configured (the embedded run)
 * @param rolesClaim the JWT claim holding roles (VIEWER, OPERATOR, ADMIN) when a JWT issuer is set
 * @param requestsPerMinute triggers, savepoints and restores each job accepts per minute (429 beyond)
 */
@Validated
@ConfigurationProperties("cairn.security")
record SecurityProperties(
        @DefaultValue List<@Valid ApiToken> tokens,
        @DefaultValue("./data/admin-token") String adminTokenFile,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("60") @Min(1) int requestsPerMinute) {

    /**
     * @param name shown in logs and audit, never the token
     * @param sha256 lowercase hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum})
     */
    record ApiToken(
            @NotNull String name,

            @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be the lowercase hex SHA-256 of the token")
            String sha256,

            @NotNull Role role) {}
}
