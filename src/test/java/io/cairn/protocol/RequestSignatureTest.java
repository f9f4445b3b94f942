package io.cairn.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSignatureTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final byte[] BODY = "{\"checkpointId\":7}".getBytes(StandardCharsets.UTF_8);
    private final RequestSignature signature = new RequestSignature(RequestSignature.newSecret());
    private final NonceCache nonces = new NonceCache();

    @Test
    void aSignedRequestVerifiesOnceThenIsAReplay() {
        Map<String, String> headers = signature.sign("POST", "/v1/checkpoints/trigger", BODY, NOW);

        assertThat(verify("POST", "/v1/checkpoints/trigger", BODY, headers, NOW + 1_000))
                .isEqualTo(RequestSignature.Verdict.VALID);
        assertThat(verify("POST", "/v1/checkpoints/trigger", BODY, headers, NOW + 2_000))
                .isEqualTo(RequestSignature.Verdict.REPLAYED);
    }

    @Test
    void aReplayIsRefusedForAsLongAsTheRequestIsFreshWhateverArrivesMeanwhile() {
        long skew = RequestSignature.MAX_SKEW.toMillis();
        Map<String, String> original = signature.sign("POST", "/v1/checkpoints/trigger", BODY, NOW);
        assertThat(verify("POST", "/v1/checkpoints/trigger", BODY, original, NOW - skew))
                .isEqualTo(RequestSignature.Verdict.VALID);

        // Other requests through the whole window, each minute's arrival letting older minutes go.
        for (long at = NOW - skew; at <= NOW + skew; at += 15_000) {
            assertThat(verify("POST", "/p", BODY, signature.sign("POST", "/p", BODY, at), at))
                    .isEqualTo(RequestSignature.Verdict.VALID);
        }

        assertThat(verify("POST", "/v1/checkpoints/trigger", BODY, original, NOW + skew))
                .isEqualTo(RequestSignature.Verdict.REPLAYED);
        assertThat(verify("POST", "/v1/checkpoints/trigger", BODY, original, NOW + skew + 1))
                .isEqualTo(RequestSignature.Verdict.STALE);
    }

    @Test
    void anyChangedPartBreaksTheSignature() {
        Map<String, String> headers = signature.sign("POST", "/v1/checkpoints/trigger", BODY, NOW);

        assertThat(verify("PUT", "/v1/checkpoints/trigger", BODY, headers, NOW))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
        assertThat(verify("POST", "/v1/checkpoints/8/complete", BODY, headers, NOW))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
        assertThat(verify(
                        "POST",
                        "/v1/checkpoints/trigger",
                        "{\"checkpointId\":8}".getBytes(StandardCharsets.UTF_8),
                        headers,
                        NOW))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
        assertThat(new RequestSignature(RequestSignature.newSecret())
                        .verify(
                                "POST",
                                "/v1/checkpoints/trigger",
                                BODY,
                                headers.get(RequestSignature.TIMESTAMP),
                                headers.get(RequestSignature.NONCE),
                                headers.get(RequestSignature.SIGNATURE),
                                NOW,
                                nonces))
                .isEqualTo(RequestSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void oldMissingOrMalformedSignaturesAreRefused() {
        Map<String, String> headers = signature.sign("POST", "/p", BODY, NOW);
        long beyondSkew = RequestSignature.MAX_SKEW.toMillis() + 1;

        assertThat(verify("POST", "/p", BODY, headers, NOW + beyondSkew)).isEqualTo(RequestSignature.Verdict.STALE);
        assertThat(verify("POST", "/p", BODY, headers, NOW - beyondSkew)).isEqualTo(RequestSignature.Verdict.STALE);
        assertThat(signature.verify("POST", "/p", BODY, null, null, null, NOW, nonces))
                .isEqualTo(RequestSignature.Verdict.UNSIGNED);
        assertThat(signature.verify(
                        "POST",
                        "/p",
                        BODY,
                        "yesterday",
                        headers.get(RequestSignature.NONCE),
                        headers.get(RequestSignature.SIGNATURE),
                        NOW,
                        nonces))
                .isEqualTo(RequestSignature.Verdict.MALFORMED);
        assertThat(signature.verify(
                        "POST",
                        "/p",
                        BODY,
                        headers.get(RequestSignature.TIMESTAMP),
                        "short",
                        headers.get(RequestSignature.SIGNATURE),
                        NOW,
                        nonces))
                .isEqualTo(RequestSignature.Verdict.MALFORMED);
    }

    @Test
    void aSecretMustBeBase64UrlOfAtLeastSixteenBytes() {
        assertThatThrownBy(() -> new RequestSignature("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestSignature("c2hvcnQ")).hasMessageContaining("16 bytes");
    }

    private RequestSignature.Verdict verify(
            String method, String path, byte[] body, Map<String, String> headers, long now) {
        return signature.verify(
                method,
                path,
                body,
                headers.get(RequestSignature.TIMESTAMP),
                headers.get(RequestSignature.NONCE),
                headers.get(RequestSignature.SIGNATURE),
                now,
                nonces);
    }

    @Test
    void theWorkedExampleOfTheProtocolSpecificationIsWhatCairnComputes() throws Exception {
        Map<String, String> example = new java.util.HashMap<>();
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "agent-protocol.md"));
        String block = doc.substring(doc.indexOf("secret: "), doc.indexOf("```", doc.indexOf("secret: ")));
        block.lines()
                .forEach(line ->
                        example.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 2)));
        byte[] body = example.get("body").getBytes(StandardCharsets.UTF_8);
        RequestSignature documented = new RequestSignature(example.get("secret"));

        assertThat(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(body)))
                .isEqualTo(example.get("body-sha256"));
        assertThat(documented.verify(
                        example.get("method"),
                        example.get("target"),
                        body,
                        example.get("timestamp"),
                        example.get("nonce"),
                        example.get("signature"),
                        Long.parseLong(example.get("timestamp")),
                        nonces))
                .isEqualTo(RequestSignature.Verdict.VALID);
    }
}
