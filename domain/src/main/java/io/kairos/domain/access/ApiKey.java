package io.kairos.domain.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as stored: its id, its visible prefix (which names it in lists and logs), its name, role, the SHA-256
 * of the whole key, when it was created and, once revoked, when. The key itself is never stored.
 */
public record ApiKey(
        long id, String prefix, String name, Role role, byte[] hash, Instant createdAt, Optional<Instant> revokedAt) {

    public ApiKey {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Whether the key still opens anything. */
    public boolean active() {
        return revokedAt.isEmpty();
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + prefix + " " + name + " " + role.label() + (active() ? "" : " revoked") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that
                && id == that.id
                && prefix.equals(that.prefix)
                && name.equals(that.name)
                && role == that.role
                && java.util.Arrays.equals(hash, that.hash)
                && createdAt.equals(that.createdAt)
                && revokedAt.equals(that.revokedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, prefix);
    }
}
