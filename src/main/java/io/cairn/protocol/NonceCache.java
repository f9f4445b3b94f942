package io.cairn.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Nonces of signed requests seen while those requests are fresh, so a replayed request is refused.
 *
 * <p>Nonces are kept in one set per minute of the request's (signed) timestamp, so a replay lands
 * in the set its original went to. A minute's set is dropped whole once no request stamped in it
 * can be fresh any more: cheap however many nonces it holds. (Walking every entry to purge expired
 * ones took 2% of a replica's CPU at 2,000 agents.)
 */
public final class NonceCache {

    private static final long BUCKET_MILLIS = 60_000;

    private final ConcurrentMap<Long, Set<String>> byMinute = new ConcurrentHashMap<>();

    /**
     * Call only for a request whose timestamp passed the freshness check: a stale one could land in
     * a minute already dropped.
     *
     * @param timestampMillis the request's signed timestamp
     * @param nowMillis the clock the timestamp was checked against
     * @return true the first time a nonce is seen, false for a replay
     */
    public boolean firstUse(String nonce, long timestampMillis, long nowMillis) {
        long minute = Math.floorDiv(timestampMillis, BUCKET_MILLIS);
        Set<String> seen = byMinute.get(minute);
        if (seen == null) {
            seen = byMinute.computeIfAbsent(minute, m -> ConcurrentHashMap.newKeySet());
            dropMinutesBefore(Math.floorDiv(nowMillis - RequestSignature.MAX_SKEW.toMillis(), BUCKET_MILLIS));
        }
        return seen.add(nonce);
    }

    /** How many nonces are held. */
    long remembered() {
        return byMinute.values().stream().mapToLong(Set::size).sum();
    }

    /** Requests stamped before the oldest fresh minute are refused as stale, so their nonces may go. */
    private void dropMinutesBefore(long oldestFreshMinute) {
        byMinute.keySet().removeIf(minute -> minute < oldestFreshMinute);
    }
}
