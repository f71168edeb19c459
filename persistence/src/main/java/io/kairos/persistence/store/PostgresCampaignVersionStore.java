package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.AUDIT_EVENT;
import static io.kairos.persistence.jooq.Tables.CAMPAIGN_VERSION;

import io.kairos.domain.campaign.CampaignPublication;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.persistence.jooq.tables.records.CampaignVersionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Published campaign versions in PostgreSQL ({@code campaign_version}, migration V19), each publication and its
 * {@code audit_event} row ({@code campaign.publish}) in one transaction, publications serialised by a table lock so
 * two at once cannot take the same number or break the order of effective times.
 */
public final class PostgresCampaignVersionStore implements CampaignVersionStore {

    private final DSLContext db;

    /** A store reading and writing through {@code db}. */
    public PostgresCampaignVersionStore(DSLContext db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public CampaignVersion publish(String document, String author, Instant now, Instant effectiveAt, Duration lead) {
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            t.execute("lock table campaign_version in share row exclusive mode");
            Optional<CampaignVersion> latest = t.selectFrom(CAMPAIGN_VERSION)
                    .orderBy(CAMPAIGN_VERSION.VERSION.desc())
                    .limit(1)
                    .fetchOptional()
                    .map(PostgresCampaignVersionStore::version);
            CampaignVersion next = CampaignPublication.next(latest, document, author, now, effectiveAt, lead);
            t.insertInto(CAMPAIGN_VERSION)
                    .set(CAMPAIGN_VERSION.VERSION, next.number())
                    .set(CAMPAIGN_VERSION.DOCUMENT, next.document())
                    .set(CAMPAIGN_VERSION.SHA256, next.sha256())
                    .set(CAMPAIGN_VERSION.AUTHOR, next.author())
                    .set(CAMPAIGN_VERSION.PUBLISHED_AT, OffsetDateTime.ofInstant(next.publishedAt(), ZoneOffset.UTC))
                    .set(CAMPAIGN_VERSION.EFFECTIVE_AT, OffsetDateTime.ofInstant(next.effectiveAt(), ZoneOffset.UTC))
                    .execute();
            t.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.ACTOR, next.author())
                    .set(AUDIT_EVENT.ACTION, "campaign.publish")
                    .set(AUDIT_EVENT.SUBJECT, AUDIT_SUBJECT)
                    .set(
                            AUDIT_EVENT.DETAILS,
                            "{\"version\":" + next.number() + ",\"sha256\":\"" + next.sha256()
                                    + "\",\"effective_at\":\"" + next.effectiveAt() + "\"}")
                    .execute();
            return next;
        });
    }

    @Override
    public List<CampaignVersion> history() {
        return db.selectFrom(CAMPAIGN_VERSION)
                .orderBy(CAMPAIGN_VERSION.VERSION)
                .fetch(PostgresCampaignVersionStore::version);
    }

    @Override
    public Optional<CampaignVersion> find(int version) {
        return db.selectFrom(CAMPAIGN_VERSION)
                .where(CAMPAIGN_VERSION.VERSION.eq(version))
                .fetchOptional()
                .map(PostgresCampaignVersionStore::version);
    }

    private static CampaignVersion version(CampaignVersionRecord row) {
        return CampaignVersion.published(
                row.getVersion(),
                row.getDocument(),
                row.getAuthor(),
                row.getPublishedAt().toInstant(),
                row.getEffectiveAt().toInstant());
    }
}
