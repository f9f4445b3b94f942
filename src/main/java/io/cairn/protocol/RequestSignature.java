package io.cairn.protocol;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The agent channel's request signature, the same in both directions: HMAC-SHA256 with the job's
 * agent secret over the method, the path with its query, the body's SHA-256, a timestamp and a
 * nonce. A signed request is fresh (within {@link #MAX_SKEW}), whole (any changed byte breaks it),
 * once (a {@link NonceCache} remembers nonces) and for this job (the secret is the job's).
 */
public final class RequestSignature {

    public static final String TIMESTAMP = "X-Cairn-Timestamp";
    public static final String NONCE = "X-Cairn-Nonce";
    public static final String SIGNATURE = "X-Cairn-Signature";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Signatures built per secret; rotated secrets would pile up, so the cache is emptied past this. */
    private static final int MAX_CACHED = 10_000;

    private static final Map<String, RequestSignature> BY_SECRET = new ConcurrentHashMap<>();
    private static final HexFormat HEX = HexFormat.of();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private final SecretKeySpec key;
    // A Mac per thread: building one looks the algorithm up in the JCA providers each time.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** @param secret the job's agent secret as Cairn handed it out (base64url) */
    public RequestSignature(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an agent secret is base64url, as Cairn returned it");
        }
        if (bytes.length < 16) {
            throw new IllegalArgumentException("an agent secret has at least 16 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The signature of a secret, built once: each keeps a Mac per thread. */
    public static RequestSignature of(String secret) {
        if (BY_SECRET.size() > MAX_CACHED) {
            BY_SECRET.clear(); // rotated secrets would pile up otherwise
        }
        return BY_SECRET.computeIfAbsent(secret, RequestSignature::new);
    }

    /** What is signed of a request's target: the raw path, and the raw query after {@code ?} if any. */
    public static String target(URI uri) {
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** A new random secret of 32 bytes, base64url without padding. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The three headers that sign a request made now. */
    public Map<String, String> sign(String method, String pathAndQuery, byte[] body, long nowMillis) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = HEX.formatHex(nonceBytes);
        String timestamp = Long.toString(nowMillis);
        return Map.of(
                TIMESTAMP, timestamp, NONCE, nonce, SIGNATURE, signature(method, pathAndQuery, body, timestamp, nonce));
    }

    /**
     * Checks a received request. The nonce is remembered only when everything else holds, so
     * unsigned traffic cannot fill the cache.
     */
    public Verdict verify(
            String method,
            String pathAndQuery,
            byte[] body,
            String timestamp,
            String nonce,
            String signature,
            long nowMillis,
            NonceCache nonces) {
        if (timestamp == null || nonce == null || signature == null) {
            return Verdict.UNSIGNED;
        }
        long at;
        try {
            at = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (nonce.length() < 16 || nonce.length() > 64 || !nonce.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(nowMillis - at) > MAX_SKEW.toMillis()) {
            return Verdict.STALE;
        }
        byte[] expected =
                signature(method, pathAndQuery, body, timestamp, nonce).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        return nonces.firstUse(nonce, at, nowMillis) ? Verdict.VALID : Verdict.REPLAYED;
    }

    private String signature(String method, String pathAndQuery, byte[] body, String timestamp, String nonce) {
        String canonical = method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n" + sha256(body) + "\n"
                + timestamp + "\n" + nonce;
        return HEX.formatHex(macs.get().doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String sha256(byte[] body) {
        return HEX.formatHex(SHA256.get().digest(body == null ? new byte[0] : body));
    }

    /** What a check found; only VALID lets a request through. */
    public enum Verdict {
        VALID,
        UNSIGNED,
        MALFORMED,
        STALE,
        BAD_SIGNATURE,
        REPLAYED
    }
}
