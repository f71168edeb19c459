package io.kairos.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.port.out.inmemory.InMemoryApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    final ApiKeys keys = new ApiKeys(store, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void givenAnIssuedKey_whenCheckingIt_thenItIsAcceptedWithItsRole() {
        IssuedKey issued = keys.issue("ci", Role.READ);

        assertThat(keys.check(issued.secret())).isEqualTo(new ApiKeys.Check.Accepted(issued.stored()));
        assertThat(issued.secret()).startsWith(issued.stored().prefix() + "_").hasSize(7 + 8 + 1 + 43);
    }

    @Test
    void givenAnIssuedKey_whenLookingAtTheStore_thenOnlyItsHashIsKept() {
        IssuedKey issued = keys.issue("ci", Role.INGEST);

        byte[] stored = store.list().get(0).hash();
        assertThat(stored).isEqualTo(ApiKeys.sha256(issued.secret())).hasSize(32);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(issued.secret());
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void givenAKeyWithOneCharacterChanged_whenChecking_thenItIsRefused() {
        String secret = keys.issue("ci", Role.READ).secret();
        char last = secret.charAt(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(keys.check(tampered)).isInstanceOf(ApiKeys.Check.Refused.class);
        assertThat(keys.check("kairos_nothere")).isInstanceOf(ApiKeys.Check.Refused.class);
        assertThat(keys.check(null)).isInstanceOf(ApiKeys.Check.Refused.class);
    }

    @Test
    void givenARevokedKey_whenChecking_thenItIsRefusedAndNoKeyIsActive() {
        IssuedKey issued = keys.issue("old", Role.ADMIN);

        assertThat(keys.revoke(issued.stored().prefix()))
                .hasValueSatisfying(k -> assertThat(k.active()).isFalse());

        assertThat(keys.check(issued.secret()))
                .isEqualTo(new ApiKeys.Check.Refused(
                        "revoked key " + issued.stored().prefix()));
        assertThat(keys.anyActive()).isFalse();
        assertThat(keys.revoke(issued.stored().prefix())).isEmpty();
    }

    @Test
    void givenAKeyId_whenRevokingById_thenThatKeyIsRevoked() {
        keys.issue("a", Role.READ);
        IssuedKey b = keys.issue("b", Role.READ);

        assertThat(keys.revoke(Long.toString(b.stored().id()))).isPresent();

        assertThat(keys.list()).extracting(ApiKey::active).containsExactly(true, false);
    }

    @Test
    void givenRoles_whenAskingWhatEachGrants_thenAdminImpliesReadAndIngestGrantsOnlyIngest() {
        assertThat(Role.ADMIN.grants(Role.READ)).isTrue();
        assertThat(Role.ADMIN.grants(Role.ADMIN)).isTrue();
        assertThat(Role.READ.grants(Role.ADMIN)).isFalse();
        assertThat(Role.INGEST.grants(Role.READ)).isFalse();
        assertThat(Role.READ.grants(Role.INGEST)).isFalse();
        assertThat(Role.of("Read")).isEqualTo(Role.READ);
        assertThatThrownBy(() -> Role.of("root")).hasMessageContaining("ingest, read, admin");
        assertThatThrownBy(() -> keys.issue(" ", Role.READ)).hasMessageContaining("name");
    }
}
