package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignTimelineTest {

    static final Instant SWITCH = Instant.parse("2026-11-28T12:00:00Z");

    static String defaultDocument() throws Exception {
        try (InputStream in = CampaignFile.class.getResourceAsStream(CampaignFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void givenNoPublishedVersion_whenAskedAtAnyTime_thenVersionZeroWithTheCatalogsOwnRetention() {
        CampaignCatalog catalog = CampaignFile.defaults();
        CampaignTimeline timeline = CampaignTimeline.only(catalog);

        assertThat(timeline.inForceAt(Instant.EPOCH).number()).isZero();
        assertThat(timeline.inForceAt(Instant.MAX).catalog()).isSameAs(catalog);
        assertThat(timeline.retention()).isEqualTo(catalog.retention());
        assertThat(timeline.latest().number()).isZero();
    }

    @Test
    void givenVersionOneAtAnInstant_whenAskedBeforeAtAndAfter_thenZeroBeforeAndOneFromTheInstantOn() throws Exception {
        String document = defaultDocument();
        CampaignVersion one = CampaignVersion.published(1, document, "ana", SWITCH.minus(Duration.ofHours(1)), SWITCH);
        CampaignTimeline timeline =
                CampaignTimeline.of(CampaignVersion.unpublished(CampaignFile.defaults(), ""), List.of(one));

        assertThat(timeline.inForceAt(SWITCH.minusNanos(1)).number()).isZero();
        assertThat(timeline.inForceAt(SWITCH).number()).isEqualTo(1);
        assertThat(timeline.inForceAt(SWITCH.plus(Duration.ofDays(400))).number())
                .isEqualTo(1);
        assertThat(timeline.latest()).isSameAs(one);
    }

    @Test
    void givenThreeVersions_whenAskedBetweenThem_thenTheLastOneInForce() throws Exception {
        String document = defaultDocument();
        CampaignVersion one = CampaignVersion.published(1, document, "ana", SWITCH, SWITCH);
        CampaignVersion two =
                CampaignVersion.published(2, document + "\n# two\n", "ben", SWITCH, SWITCH.plus(Duration.ofHours(2)));
        CampaignTimeline timeline =
                CampaignTimeline.of(CampaignVersion.unpublished(CampaignFile.defaults(), ""), List.of(one, two));

        assertThat(timeline.inForceAt(SWITCH.plus(Duration.ofHours(1))).number())
                .isEqualTo(1);
        assertThat(timeline.inForceAt(SWITCH.plus(Duration.ofHours(2))).number())
                .isEqualTo(2);
        assertThat(timeline.versions()).extracting(CampaignVersion::number).containsExactly(0, 1, 2);
    }

    @Test
    void givenVersionsOutOfOrder_whenBuilt_thenRefusedWithASentence() throws Exception {
        String document = defaultDocument();
        CampaignVersion base = CampaignVersion.unpublished(CampaignFile.defaults(), "");
        CampaignVersion one = CampaignVersion.published(1, document, "ana", SWITCH, SWITCH);
        CampaignVersion twoSameInstant = CampaignVersion.published(2, document, "ana", SWITCH, SWITCH);
        CampaignVersion three = CampaignVersion.published(3, document, "ana", SWITCH, SWITCH.plusSeconds(1));

        assertThatThrownBy(() -> CampaignTimeline.of(base, List.of(one, twoSameInstant)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after version 1");
        assertThatThrownBy(() -> CampaignTimeline.of(base, List.of(one, three)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("campaign version 3 follows version 1");
    }

    @Test
    void givenADocument_whenPublished_thenItsSha256IsOfItsUtf8Bytes() {
        // printf 'format: 1' | sha256sum
        assertThat(CampaignVersion.sha256("format: 1"))
                .isEqualTo("99883026a70613959a3913aec02d8daf8f28efda6bd8d8d2ecb793a44f98c473");
        assertThatThrownBy(() -> CampaignVersion.published(1, "format: 2\n", "ana", SWITCH, SWITCH))
                .isInstanceOf(InvalidCampaignDefinition.class)
                .hasMessageContaining("unsupported format 2");
    }
}
