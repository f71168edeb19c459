package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.Role;
import io.kairos.domain.port.out.ApiKeyStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ApiKeyStore}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class ApiKeyStoreContract {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private ApiKeyStore store;

    /** An empty store. */
    abstract ApiKeyStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    @Test
    void givenAddedKey_whenFoundByPrefix_thenItComesBackAsStored() {
        ApiKey added = store.add("kairos_abcdefgh", "ci", Role.READ, new byte[] {1, 2, 3}, T0);

        assertThat(store.findByPrefix("kairos_abcdefgh")).contains(added);
        assertThat(added.hash()).containsExactly(1, 2, 3);
        assertThat(added.active()).isTrue();
        assertThat(store.findByPrefix("kairos_zzzzzzzz")).isEmpty();
    }

    @Test
    void givenTakenPrefix_whenAddingAgain_thenRefused() {
        store.add("kairos_abcdefgh", "a", Role.READ, new byte[] {1}, T0);

        assertThatThrownBy(() -> store.add("kairos_abcdefgh", "b", Role.ADMIN, new byte[] {2}, T0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenKeys_whenRevokingOne_thenOnlyItIsRevokedOnceAndTheListKeepsBoth() {
        ApiKey a = store.add("kairos_aaaaaaaa", "a", Role.INGEST, new byte[] {1}, T0);
        ApiKey b = store.add("kairos_bbbbbbbb", "b", Role.ADMIN, new byte[] {2}, T0);

        assertThat(store.revoke(a.id(), T0.plusSeconds(60))).isTrue();
        assertThat(store.revoke(a.id(), T0.plusSeconds(120))).isFalse();

        assertThat(store.list()).extracting(ApiKey::prefix).containsExactly(a.prefix(), b.prefix());
        assertThat(store.findByPrefix(a.prefix()).orElseThrow().revokedAt()).contains(T0.plusSeconds(60));
        assertThat(store.findByPrefix(b.prefix()).orElseThrow().active()).isTrue();
    }
}
