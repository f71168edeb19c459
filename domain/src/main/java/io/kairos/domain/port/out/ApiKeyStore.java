package io.kairos.domain.port.out;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound port: stores API keys by their hash and visible prefix, never the key itself. */
public interface ApiKeyStore {

    /** Stores a new key and returns it with its id; a prefix already taken throws {@link IllegalStateException}. */
    ApiKey add(String prefix, String name, Role role, byte[] hash, Instant createdAt);

    /** The key with this visible prefix, revoked or not. */
    Optional<ApiKey> findByPrefix(String prefix);

    /** Every key, revoked ones too, oldest first. */
    List<ApiKey> list();

    /** Marks the key with this id revoked at {@code at}; false when no such key was active. */
    boolean revoke(long id, Instant at);
}
