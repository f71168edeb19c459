package io.kairos.domain.access;

import io.kairos.domain.port.out.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues, recognises and revokes API keys. A key is {@code kairos_<8 visible characters>_<43 characters of 256
 * random bits>}; the visible part is its prefix, stored in clear to name the key; the whole key is stored only as its
 * SHA-256, which is enough for a key of 256 random bits (no dictionary to try; a slow password hash would only slow
 * every request), and compared in constant time.
 */
public final class ApiKeys {

    /** What every key starts with, so a leaked one is recognisable by secret scanners. */
    public static final String SCHEME = "kairos_";

    private static final Pattern FORMAT = Pattern.compile("(kairos_[a-z2-7]{8})_([A-Za-z0-9_-]{43})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int NAME_LIMIT = 100;

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random;

    /** Keys kept in {@code store}, timestamped by {@code clock}. */
    public ApiKeys(ApiKeyStore store, Clock clock) {
        this(store, clock, new SecureRandom());
    }

    ApiKeys(ApiKeyStore store, Clock clock, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The outcome of presenting a key: accepted with its record, or refused with the reason (for logs only). */
    public sealed interface Check {
        /** The key is known and active. */
        record Accepted(ApiKey key) implements Check {}

        /** The key is malformed, unknown or revoked; {@code reason} names it by prefix at most. */
        record Refused(String reason) implements Check {}
    }

    /** Creates a key for {@code role}; the returned secret is the only copy of the key in clear. */
    public IssuedKey issue(String name, Role role) {
        Objects.requireNonNull(role, "role");
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > NAME_LIMIT) {
            throw new IllegalArgumentException("a key needs a name of 1 to " + NAME_LIMIT + " characters");
        }
        char[] visible = new char[8];
        for (int i = 0; i < visible.length; i++) {
            visible[i] = BASE32[random.nextInt(BASE32.length)];
        }
        byte[] secretBits = new byte[32];
        random.nextBytes(secretBits);
        String prefix = SCHEME + new String(visible);
        String secret = prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBits);
        ApiKey stored = store.add(prefix, trimmed, role, sha256(secret), clock.instant());
        return new IssuedKey(stored, secret);
    }

    /** Recognises a presented key: accepted only when it is well formed, known, active and its hash matches. */
    public Check check(String presented) {
        Matcher parts = FORMAT.matcher(presented == null ? "" : presented.trim());
        if (!parts.matches()) {
            return new Check.Refused("not a Kairos API key");
        }
        String prefix = parts.group(1);
        Optional<ApiKey> stored = store.findByPrefix(prefix);
        byte[] expected = stored.map(ApiKey::hash).orElseGet(() -> new byte[32]);
        boolean matches = MessageDigest.isEqual(sha256(parts.group(0)), expected);
        if (stored.isEmpty() || !matches) {
            return new Check.Refused("unknown key " + prefix);
        }
        if (!stored.get().active()) {
            return new Check.Refused("revoked key " + prefix);
        }
        return new Check.Accepted(stored.get());
    }

    /** Every key, revoked ones too, oldest first. */
    public List<ApiKey> list() {
        return store.list();
    }

    /** Whether any key is active, i.e. whether the HTTP side must ask for one. */
    public boolean anyActive() {
        return store.list().stream().anyMatch(ApiKey::active);
    }

    /**
     * Revokes the key named by its id or its visible prefix ({@code kairos_abcdefgh}, or the whole key); empty when
     * no active key has that name.
     */
    public Optional<ApiKey> revoke(String idOrPrefix) {
        String wanted = idOrPrefix == null ? "" : idOrPrefix.trim();
        Matcher whole = FORMAT.matcher(wanted);
        String prefix = whole.matches() ? whole.group(1) : wanted;
        Optional<ApiKey> target = store.list().stream()
                .filter(ApiKey::active)
                .filter(key -> key.prefix().equals(prefix)
                        || key.prefix().equals(SCHEME + prefix)
                        || Long.toString(key.id()).equals(wanted))
                .findFirst();
        target.ifPresent(key -> store.revoke(key.id(), clock.instant()));
        return target.flatMap(key -> store.findByPrefix(key.prefix()));
    }

    /** The SHA-256 of a key's characters. */
    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
