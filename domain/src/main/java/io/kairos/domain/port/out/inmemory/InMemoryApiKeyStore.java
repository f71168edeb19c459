package io.kairos.domain.port.out.inmemory;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.Role;
import io.kairos.domain.port.out.ApiKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** In-memory fake of {@link ApiKeyStore} for tests. */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    private final List<ApiKey> keys = new ArrayList<>();

    @Override
    public synchronized ApiKey add(String prefix, String name, Role role, byte[] hash, Instant createdAt) {
        if (findByPrefix(prefix).isPresent()) {
            throw new IllegalStateException("key prefix " + prefix + " already taken");
        }
        ApiKey key = new ApiKey(keys.size() + 1L, prefix, name, role, hash, createdAt, Optional.empty());
        keys.add(key);
        return key;
    }

    @Override
    public synchronized Optional<ApiKey> findByPrefix(String prefix) {
        return keys.stream().filter(k -> k.prefix().equals(prefix)).findFirst();
    }

    @Override
    public synchronized List<ApiKey> list() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized boolean revoke(long id, Instant at) {
        for (int i = 0; i < keys.size(); i++) {
            ApiKey k = keys.get(i);
            if (k.id() == id && k.active()) {
                keys.set(
                        i,
                        new ApiKey(k.id(), k.prefix(), k.name(), k.role(), k.hash(), k.createdAt(), Optional.of(at)));
                return true;
            }
        }
        return false;
    }
}
