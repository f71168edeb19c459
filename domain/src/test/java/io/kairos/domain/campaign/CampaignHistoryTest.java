package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.campaign.CampaignHistory.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignHistoryTest {

    static final String ONE = CampaignPublicationTest.ONE;
    static final String TWO = CampaignPublicationTest.TWO;
    static final Instant T1 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-12-08T00:00:00Z");
    static final CampaignHistory HISTORY = new CampaignHistory(List.of(
            CampaignVersion.published(1, ONE, "ana", T1.minusSeconds(600), T1),
            CampaignVersion.published(2, TWO, "ben", T1.plusSeconds(60), T2)));

    @ParameterizedTest(name = "at {0}: version 1 {1}, version 2 {2}")
    @CsvSource({
        "2026-11-30T23:59:59Z, SCHEDULED, SCHEDULED",
        "2026-12-01T00:00:00Z, IN_FORCE, SCHEDULED",
        "2026-12-07T23:59:59Z, IN_FORCE, SCHEDULED",
        "2026-12-08T00:00:00Z, SUPERSEDED, IN_FORCE",
        "2027-01-01T00:00:00Z, SUPERSEDED, IN_FORCE"
    })
    void givenTwoVersions_whenAskedAtAnInstant_thenEachHasItsState(Instant now, State first, State second) {
        assertThat(HISTORY.stateOf(0, now)).isEqualTo(first);
        assertThat(HISTORY.stateOf(1, now)).isEqualTo(second);
    }

    @Test
    void givenTwoVersions_whenCompared_thenAUnifiedDiffOfTheChangedLineAndNothingForTheSame() {
        List<CampaignVersion> versions = HISTORY.versions();

        assertThat(CampaignHistory.unifiedDiff(versions.get(0), versions.get(1)))
                .containsExactly(
                        "--- version 1",
                        "+++ version 2",
                        "@@ -3,4 +3,4 @@",
                        "   trigger: on page_view",
                        "   message:",
                        "     channel: push",
                        "-    template: Welcome",
                        "+    template: Hello");
        assertThat(CampaignHistory.unifiedDiff(versions.get(1), versions.get(1)))
                .isEmpty();
        assertThat(HISTORY.latest()).contains(versions.get(1));
        assertThat(new CampaignHistory(List.of()).latest()).isEmpty();
    }

    @Test
    void givenVersionsOutOfOrder_whenMadeAHistory_thenRefused() {
        List<CampaignVersion> reversed =
                List.of(HISTORY.versions().get(1), HISTORY.versions().get(0));

        assertThatThrownBy(() -> new CampaignHistory(reversed)).hasMessageContaining("in order of publication");
    }
}
