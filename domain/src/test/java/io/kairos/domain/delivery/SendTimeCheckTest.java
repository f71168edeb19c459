package io.kairos.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.CampaignFile;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SendTimeCheckTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    // The default cart_abandonment campaign: quiet hours 22:00-08:00, at most 2 emails per day.
    static final Campaign CART =
            CampaignFile.defaults().find("cart_abandonment").orElseThrow();

    @Test
    void givenASendInsideQuietHours_whenChecked_thenItWaitsForTheirEndInTheUsersZone() {
        Instant night = Instant.parse("2026-12-06T22:30:00Z"); // 23:30 in Paris

        SendTimeCheck.Verdict verdict = SendTimeCheck.at(night, CART, PARIS, (from, to) -> 0);

        assertThat(verdict).isInstanceOf(SendTimeCheck.Wait.class);
        assertThat(((SendTimeCheck.Wait) verdict).until()).isEqualTo(Instant.parse("2026-12-07T07:00:00Z"));
        assertThat(((SendTimeCheck.Wait) verdict).reason()).contains("quiet hours 22:00-08:00", "Europe/Paris");
    }

    @Test
    void givenTheCapReachedToday_whenChecked_thenSuppressedAndTheCountIsOverTheUsersDay() {
        Instant noon = Instant.parse("2026-12-06T11:00:00Z");
        Instant[] asked = new Instant[2];

        SendTimeCheck.Verdict verdict = SendTimeCheck.at(noon, CART, PARIS, (from, to) -> {
            asked[0] = from;
            asked[1] = to;
            return 2;
        });

        assertThat(verdict).isInstanceOf(SendTimeCheck.Suppress.class);
        assertThat(((SendTimeCheck.Suppress) verdict).reason()).contains("frequency_cap", "cap 2");
        assertThat(asked).containsExactly(Instant.parse("2026-12-05T23:00:00Z"), Instant.parse("2026-12-06T23:00:00Z"));
    }

    @Test
    void givenDaytimeUnderTheCap_whenChecked_thenSent() {
        Instant noon = Instant.parse("2026-12-06T11:00:00Z");
        assertThat(SendTimeCheck.at(noon, CART, PARIS, (from, to) -> 1)).isInstanceOf(SendTimeCheck.Send.class);
        assertThat(SendTimeCheck.at(noon, null, PARIS, (from, to) -> 99))
                .as("an unknown campaign has no guards to hold")
                .isInstanceOf(SendTimeCheck.Send.class);
    }
}
