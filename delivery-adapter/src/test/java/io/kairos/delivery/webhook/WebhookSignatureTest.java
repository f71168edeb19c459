package io.kairos.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "whsec_test_secret";
    static final long T = 1_765_015_200L;
    static final byte[] BODY =
            "{\"decisionId\":\"5f0c6c0e-7a3b-4c1e-9d2a-1b2c3d4e5f60\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void givenAKnownBody_whenSigned_thenTheSignatureIsOpensslsHmac() {
        // printf %s '1765015200.{"decisionId":"5f0c6c0e-7a3b-4c1e-9d2a-1b2c3d4e5f60"}' \
        //   | openssl dgst -sha256 -hmac 'whsec_test_secret'
        assertThat(WebhookSignature.sign(SECRET, T, BODY))
                .isEqualTo("v1=90f7256c24ff99c2e106a39a264a6b1bcd13846e95b98334ead7dc15fa925955");
    }

    @Test
    void givenASignedRequest_whenVerified_thenOnlyTheSameSecretBodyAndAFreshTimestampPass() {
        String signature = WebhookSignature.sign(SECRET, T, BODY);
        Instant now = Instant.ofEpochSecond(T + 60);
        Duration window = WebhookSignature.DEFAULT_TOLERANCE;

        assertThat(WebhookSignature.verify(SECRET, Long.toString(T), signature, BODY, now, window))
                .isTrue();
        assertThat(WebhookSignature.verify("other", Long.toString(T), signature, BODY, now, window))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(T + 1), signature, BODY, now, window))
                .as("the timestamp is signed")
                .isFalse();
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, Long.toString(T), signature, tampered, now, window))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(T), signature, BODY, Instant.ofEpochSecond(T + 301), window))
                .as("a replay after the window")
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "soon", signature, BODY, now, window))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(T), "v1=zz", BODY, now, window))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, signature, BODY, now, window))
                .isFalse();
    }
}
