package io.kairos.domain.access;

import java.util.Objects;

/** A key just created: the stored record and the key in clear, which is shown once and never again. */
public record IssuedKey(ApiKey stored, String secret) {

    public IssuedKey {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedKey[" + stored + "]";
    }
}
