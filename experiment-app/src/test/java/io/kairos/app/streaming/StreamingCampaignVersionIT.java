package io.kairos.app.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import io.kairos.streaming.consume.CommitListener;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * A running real-time consumer learns of a campaign version published while it runs and decides under it from its
 * effective time on: a decision before the instant records version 0 and the configured text, one after it version 1
 * and the published text.
 */
class StreamingCampaignVersionIT {

    static UserEvent bigPurchase(String user, Instant at) {
        return new UserEvent(
                Workload.id(user + "/big/" + at),
                user,
                at,
                "s-" + user,
                new EventProperties.Purchase("o-" + user, 600.0, "EUR"));
    }

    @Test
    void givenARunningConsumer_whenAVersionIsPublished_thenDecisionsFromItsInstantRecordItAndItsText()
            throws Exception {
        String document;
        try (InputStream in = CampaignFile.class.getResourceAsStream(CampaignFile.DEFAULT_RESOURCE)) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String changed = document.replace("Heads-up: you have spent", "Version one: you have spent");
        assertThat(changed).isNotEqualTo(document);
        try (StreamingRig rig = new StreamingRig("campaign_versions", 1, 500)) {
            rig.startRealtime(CommitListener.NONE);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant effective = now.plus(Duration.ofMinutes(1));
            rig.send(bigPurchase("before", now.minus(Duration.ofMinutes(1))));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            CampaignVersion published = new PostgresCampaignVersionStore(rig.db)
                    .publish(changed, "ana", now, effective, Duration.ofMinutes(1));
            rig.await(() -> rig.campaigns.get().latest().number() == published.number());
            rig.send(bigPurchase("after", effective.plus(Duration.ofSeconds(30))));
            rig.send(bigPurchase("at", effective));
            rig.awaitStored("realtime-" + rig.activity, rig.flush());

            Record before = decision(rig, "before");
            Record at = decision(rig, "at");
            Record after = decision(rig, "after");
            assertThat(before.get("campaign_version", Integer.class)).isZero();
            assertThat(before.get("payload", String.class)).startsWith("Heads-up: you have spent");
            assertThat(at.get("campaign_version", Integer.class)).isEqualTo(1);
            assertThat(after.get("campaign_version", Integer.class)).isEqualTo(1);
            assertThat(after.get("payload", String.class)).startsWith("Version one: you have spent");
        }
    }

    private static Record decision(StreamingRig rig, String user) {
        return rig.db.fetchOne("select campaign_id, campaign_version, payload from decision where user_id = ?", user);
    }
}
