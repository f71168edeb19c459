package io.kairos.delivery.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionRecordsTest {

    static final String MESSAGE = "{\"schemaVersion\":1,\"decisionId\":\"7d1f3a52-1111-4222-8333-944455556666\","
            + "\"experimentKey\":\"exp\",\"campaignId\":\"onboarding_upsell\",\"userId\":\"u1\",\"arm\":\"batch\","
            + "\"mode\":\"batch\",\"channel\":\"in_app\",\"payload\":\"Upgrade\",\"offer\":\"UPGRADE30\","
            + "\"triggerEventId\":\"00000000-0000-4000-8000-000000000001\",\"triggerAt\":\"2026-12-05T18:00:00Z\","
            + "\"decidedAt\":\"2026-12-06T02:00:00Z\",\"deliverAt\":\"2026-12-06T09:00:00Z\",\"heldUntil\":null,"
            + "\"sourceRecordTimestamp\":\"2026-12-06T02:00:03Z\"}";

    @Test
    void givenABatchDecisionMessage_whenRead_thenPendingUntilItsSendTimeWithItsTimeToLive() {
        Delivery delivery = new DecisionRecords(
                        (campaign, channel) -> channel == Channel.IN_APP ? Duration.ofHours(2) : null)
                .read(MESSAGE);

        assertThat(delivery.decisionId()).isEqualTo(UUID.fromString("7d1f3a52-1111-4222-8333-944455556666"));
        assertThat(delivery.channel()).isEqualTo(Channel.IN_APP);
        assertThat(delivery.userId()).isEqualTo("u1");
        assertThat(delivery.campaignId()).isEqualTo("onboarding_upsell");
        assertThat(delivery.deliverAt()).isEqualTo(Instant.parse("2026-12-06T09:00:00Z"));
        assertThat(delivery.nextAttemptAt()).as("not before its send time").isEqualTo(delivery.deliverAt());
        assertThat(delivery.expiresAt()).isEqualTo(Instant.parse("2026-12-06T11:00:00Z"));
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(delivery.message()).isEqualTo(MESSAGE);
    }

    @Test
    void givenBrokenMessages_whenRead_thenEachSaysWhatIsWrong() {
        DecisionRecords records = new DecisionRecords(null);
        assertThatThrownBy(() -> records.read("nope")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> records.read("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> records.read(MESSAGE.replace("\"schemaVersion\":1", "\"schemaVersion\":7")))
                .hasMessage("schemaVersion 7 is not 1");
        assertThatThrownBy(() -> records.read(MESSAGE.replace("in_app", "pigeon")))
                .hasMessage("unknown channel 'pigeon'");
        assertThatThrownBy(() -> records.read(MESSAGE.replace("\"2026-12-06T09:00:00Z\"", "null")))
                .hasMessage("no deliverAt");
        assertThatThrownBy(() -> records.read(MESSAGE.replace("7d1f3a52-1111", "zz")))
                .hasMessage("decisionId is not a UUID");
        assertThat(records.read(MESSAGE).expiresAt()).isNull();
    }
}
