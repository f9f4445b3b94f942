package io.cairn.protocol;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Nonces of signed requests seen within their validity, so a replayed request is refused. Expired
 * nonces are dropped as new ones arrive; the timestamp check refuses anything older anyway.
 */
public final class NonceCache {

    private static final int PURGE_ABOVE = 10_000;

    private final ConcurrentMap<String, Long> expiries = new ConcurrentHashMap<>();
    private volatile long nextPurgeAt;

    /**
     * @param expiresAtMillis when the nonce's request is too old to be accepted anyway
     * @return true the first time a nonce is seen, false for a replay
     */
    public boolean firstUse(String nonce, long expiresAtMillis, long nowMillis) {
        if (expiries.size() > PURGE_ABOVE && nowMillis >= nextPurgeAt) {
            // At most once a second: a purge walks every entry.
            nextPurgeAt = nowMillis + 1_000;
            expiries.values().removeIf(expiry -> expiry < nowMillis);
        }
        return expiries.putIfAbsent(nonce, expiresAtMillis) == null;
    }
}
