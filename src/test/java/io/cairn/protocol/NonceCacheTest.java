package io.cairn.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NonceCacheTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void forgetsNoncesOnceTheirRequestsCanNoLongerBeFresh() {
        NonceCache nonces = new NonceCache();
        long hour = 3_600_000;
        for (long at = NOW; at < NOW + hour; at += 1_000) {
            assertThat(nonces.firstUse(Long.toHexString(at), at, at)).isTrue();
        }

        // An hour of one request a second; fresh are the last MAX_SKEW's, kept by the minute.
        long freshSeconds = RequestSignature.MAX_SKEW.toSeconds();
        assertThat(nonces.remembered()).isBetween(freshSeconds, freshSeconds + 2 * 60);
    }
}
