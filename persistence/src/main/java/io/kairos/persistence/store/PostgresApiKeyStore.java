package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.API_KEY;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.Role;
import io.kairos.domain.port.out.ApiKeyStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** API keys in PostgreSQL ({@code api_key}, migration V15): prefix, name, role and SHA-256, never the key. */
public final class PostgresApiKeyStore implements ApiKeyStore {

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresApiKeyStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public ApiKey add(String prefix, String name, Role role, byte[] hash, Instant createdAt) {
        try {
            return toKey(db.insertInto(API_KEY)
                    .set(API_KEY.PREFIX, prefix)
                    .set(API_KEY.NAME, name)
                    .set(API_KEY.ROLE, role.label())
                    .set(API_KEY.KEY_HASH, hash)
                    .set(API_KEY.CREATED_AT, createdAt.atOffset(ZoneOffset.UTC))
                    .returning()
                    .fetchOne());
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalStateException("key prefix " + prefix + " already taken", e);
        }
    }

    @Override
    public Optional<ApiKey> findByPrefix(String prefix) {
        return db.selectFrom(API_KEY)
                .where(API_KEY.PREFIX.eq(prefix))
                .fetchOptional()
                .map(PostgresApiKeyStore::toKey);
    }

    @Override
    public List<ApiKey> list() {
        return db.selectFrom(API_KEY).orderBy(API_KEY.API_KEY_ID).fetch().map(PostgresApiKeyStore::toKey);
    }

    @Override
    public boolean revoke(long id, Instant at) {
        return db.update(API_KEY)
                        .set(API_KEY.REVOKED_AT, at.atOffset(ZoneOffset.UTC))
                        .where(API_KEY.API_KEY_ID.eq(id))
                        .and(API_KEY.REVOKED_AT.isNull())
                        .execute()
                == 1;
    }

    private static ApiKey toKey(Record r) {
        OffsetDateTime revoked = r.get(API_KEY.REVOKED_AT);
        return new ApiKey(
                r.get(API_KEY.API_KEY_ID),
                r.get(API_KEY.PREFIX),
                r.get(API_KEY.NAME),
                Role.of(r.get(API_KEY.ROLE)),
                r.get(API_KEY.KEY_HASH),
                r.get(API_KEY.CREATED_AT).toInstant(),
                Optional.ofNullable(revoked).map(OffsetDateTime::toInstant));
    }
}
