package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignPublicationTest {

    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    static final String ONE = """
            format: 1
            campaign welcome
              trigger: on page_view
              message:
                channel: push
                template: Welcome
            """;
    static final String TWO = ONE.replace("Welcome", "Hello");

    @Test
    void givenNothingPublished_whenPublishedWithoutAnInstant_thenVersionOneInForceAfterTheLead() {
        CampaignVersion one =
                CampaignPublication.next(Optional.empty(), ONE, " ana ", NOW, null, CampaignPublication.DEFAULT_LEAD);

        assertThat(one.number()).isEqualTo(1);
        assertThat(one.author()).isEqualTo("ana");
        assertThat(one.publishedAt()).isEqualTo(NOW);
        assertThat(one.effectiveAt()).isEqualTo(NOW.plus(Duration.ofMinutes(6)));
        assertThat(one.sha256()).isEqualTo(CampaignVersion.sha256(ONE));
        assertThat(one.catalog().find("welcome")).isPresent();
    }

    @Test
    void givenAPublishedVersion_whenTheNextComesAfterIt_thenItIsNumberTwo() {
        CampaignVersion one = CampaignPublication.next(Optional.empty(), ONE, "ana", NOW, NOW, Duration.ZERO);

        CampaignVersion two =
                CampaignPublication.next(Optional.of(one), TWO, "ben", NOW, NOW.plusSeconds(1), Duration.ZERO);

        assertThat(two.number()).isEqualTo(2);
        assertThat(two.effectiveAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void givenEachBrokenRule_whenPublished_thenRefusedWithASentenceSayingWhy() {
        CampaignVersion one = CampaignPublication.next(Optional.empty(), ONE, "ana", NOW, NOW, Duration.ZERO);

        assertThatThrownBy(() -> CampaignPublication.next(Optional.of(one), ONE, "ana", NOW, null, Duration.ZERO))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessage("the document is identical to version 1, the latest published; nothing to publish");
        assertThatThrownBy(() -> CampaignPublication.next(Optional.of(one), TWO, "ana", NOW, NOW, Duration.ZERO))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessage("effective time 2026-12-07T09:00:00Z is not after version 1's (2026-12-07T09:00:00Z):"
                        + " versions come into force in the order they are published; choose a later time");
        assertThatThrownBy(() ->
                        CampaignPublication.next(Optional.empty(), ONE, "ana", NOW, NOW.minusMillis(1), Duration.ZERO))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessageContaining("is in the past (now 2026-12-07T09:00:00Z): a switch in the past would"
                        + " contradict decisions already made");
        assertThatThrownBy(() -> CampaignPublication.next(Optional.empty(), ONE, " ", NOW, null, Duration.ZERO))
                .isInstanceOf(CampaignPublication.Refused.class)
                .hasMessageContaining("needs an author");
        assertThatThrownBy(() -> CampaignPublication.next(
                        Optional.empty(), "format: 1\ncampaign x\n", "ana", NOW, null, Duration.ZERO))
                .isInstanceOf(InvalidCampaignDefinition.class)
                .hasMessageContaining("line 2, column 1: campaign x, trigger: missing");
    }
}
