package io.cairn.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens Cairn accepts, known only by their SHA-256. With none configured (and no JWT
 * issuer), Cairn makes one ADMIN token on its first start, logs it once and writes it to a file
 * only its user can read, and uses that file's token from then on: locked by default, still
 * usable with nothing to set up.
 */
final class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final Map<String, Token> byHash = new ConcurrentHashMap<>();

    private ApiTokens() {}

    static ApiTokens configured(SecurityProperties properties, boolean jwtConfigured) {
        ApiTokens tokens = new ApiTokens();
        properties.tokens().forEach(token -> tokens.byHash.put(token.sha256(), new Token(token.name(), token.role())));
        if (tokens.byHash.isEmpty() && !jwtConfigured) {
            Path file = Path.of(properties.adminTokenFile());
            String admin = readAdminToken(file).orElseGet(() -> generateAdminToken(file));
            tokens.byHash.put(sha256(admin), new Token("generated-admin", Role.ADMIN));
        }
        return tokens;
    }

    Optional<Token> find(String presented) {
        return Optional.ofNullable(byHash.get(sha256(presented)));
    }

    /**
     * The token an earlier start generated, so that {@code $(cat data/admin-token)} keeps working
     * across restarts; deleting the file and restarting rotates it.
     */
    private static Optional<String> readAdminToken(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!token.startsWith("cairn_") || token.length() < 40) {
                log.warn("{} does not hold a token Cairn generated; generating a new one in its place", file);
                return Optional.empty();
            }
            log.info(
                    "No API token is configured: using the ADMIN token generated earlier in {}; delete the file "
                            + "and restart to rotate it. Configure cairn.security.tokens for anything but a trial.",
                    file.toAbsolutePath());
            return Optional.of(token);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the generated admin token in " + file
                            + "; fix its permissions, delete it to get a new one, or configure cairn.security.tokens",
                    e);
        }
    }

    private static String generateAdminToken(Path file) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = "cairn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the generated admin token to " + file
                            + "; set cairn.security.admin-token-file or configure cairn.security.tokens",
                    e);
        }
        log.warn(
                "No API token is configured: generated an ADMIN token, written to {} (mode 600) and used again at "
                        + "every start until that file is deleted. Use it as 'Authorization: Bearer {}'. Configure "
                        + "cairn.security.tokens for anything but a trial.",
                file.toAbsolutePath(),
                token);
        return token;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A configured token: its name and role. */
    record Token(String name, Role role) {}
}
