package io.kairos.persistence.store;

import static io.kairos.persistence.jooq.Tables.AUDIT_EVENT;
import static io.kairos.persistence.jooq.Tables.CAMPAIGN_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.campaign.CampaignPublication;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.campaign.InvalidCampaignDefinition;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.domain.port.out.ExperimentRegistry.AuditEntry;
import io.kairos.persistence.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Published campaign versions in PostgreSQL (migration V19) and their audit rows. */
class PostgresCampaignVersionStoreIT {

    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    static final Duration LEAD = Duration.ofMinutes(1);
    static final String ONE = """
            format: 1
            campaign welcome
              trigger: on page_view
              message:
                channel: push
                template: Welcome
            """;
    static final String TWO = ONE.replace("template: Welcome", "template: Welcome back");

    DSLContext db;
    PostgresCampaignVersionStore store;

    @BeforeEach
    void noPublishedVersions() {
        db = TestDatabase.shared();
        db.deleteFrom(CAMPAIGN_VERSION).execute();
        store = new PostgresCampaignVersionStore(db);
    }

    @Test
    void givenTwoDocuments_whenPublished_thenNumberedInOrderWithAuthorTimesAndAuditRows() {
        CampaignVersion first = store.publish(ONE, "ana", NOW, null, LEAD);
        CampaignVersion second = store.publish(TWO, "ben", NOW, NOW.plus(Duration.ofHours(2)), LEAD);

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.effectiveAt()).isEqualTo(NOW.plus(LEAD));
        assertThat(second.number()).isEqualTo(2);
        assertThat(store.history())
                .extracting(
                        CampaignVersion::number,
                        CampaignVersion::author,
                        CampaignVersion::publishedAt,
                        CampaignVersion::effectiveAt,
                        CampaignVersion::sha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "ana", NOW, NOW.plus(LEAD), CampaignVersion.sha256(ONE)),
                        org.assertj.core.groups.Tuple.tuple(
                                2, "ben", NOW, NOW.plus(Duration.ofHours(2)), CampaignVersion.sha256(TWO)));
        assertThat(store.find(2).orElseThrow().document()).isEqualTo(TWO);
        assertThat(store.find(2).orElseThrow().catalog().find("welcome")).isPresent();
        assertThat(store.find(3)).isEmpty();
        assertThat(db.selectFrom(AUDIT_EVENT)
                        .where(AUDIT_EVENT.ACTION.eq("campaign.publish"))
                        .and(AUDIT_EVENT.DETAILS.contains("\"sha256\":\"" + CampaignVersion.sha256(TWO) + "\""))
                        .fetch(AUDIT_EVENT.ACTOR))
                .containsExactly("ben");
    }

    @Test
    void givenAnExperimentKeyedCampaigns_whenItAndTheCampaignsChange_thenEachTrailHoldsOnlyItsOwnChanges() {
        PostgresExperimentRegistry registry = new PostgresExperimentRegistry(db);
        String author = "carla-" + System.nanoTime();
        registry.create(
                Experiment.batchVersusRealtime(CampaignVersionStore.AUDIT_SUBJECT, "salt"),
                "named like the audit subject of campaign publications",
                PostgresExperimentRegistryIT.PLAN,
                author);
        store.publish(ONE, author, NOW, null, LEAD);

        assertThat(registry.audit(CampaignVersionStore.AUDIT_SUBJECT))
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.action()).isEqualTo("experiment.create"));
        assertThat(registry.campaignAudit())
                .allSatisfy(entry -> assertThat(entry.action()).isEqualTo("campaign.publish"))
                .extracting(AuditEntry::actor)
                .contains(author);
        assertThat(registry.auditTrail(CampaignVersionStore.AUDIT_SUBJECT))
                .filteredOn(entry -> entry.actor().equals(author))
                .extracting(AuditEntry::action)
                .containsExactly("experiment.create", "campaign.publish");
    }

    @Test
    void givenAPublishedVersion_whenTheSameTextOrAnEarlierOrPastInstantIsPublished_thenRefusedAndNothingStored() {
        store.publish(ONE, "ana", NOW, NOW.plus(Duration.ofHours(1)), LEAD);

        assertThatThrownBy(() -> store.publish(ONE, "ana", NOW, NOW.plus(Duration.ofHours(2)), LEAD))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessage("the document is identical to version 1, the latest published; nothing to publish");
        assertThatThrownBy(() -> store.publish(TWO, "ana", NOW, NOW.plus(Duration.ofHours(1)), LEAD))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessageContaining("is not after version 1's (2026-12-07T10:00:00Z)");
        assertThatThrownBy(() -> store.publish(TWO, "ana", NOW, NOW.minusSeconds(1), LEAD))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessageContaining("is in the past");
        assertThatThrownBy(() -> store.publish("format: 1\ncampaign x\n", "ana", NOW, null, LEAD))
                .isInstanceOf(InvalidCampaignDefinition.class)
                .hasMessageContaining("campaign x, trigger: missing");

        assertThat(store.history()).extracting(CampaignVersion::number).containsExactly(1);
    }
}
