package io.kairos.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kairos.domain.event.Channel;
import io.kairos.domain.segment.Condition;
import io.kairos.domain.segment.ConditionScope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignFileTest {

    private static final String VALID = """
            format: 1
            segment big_spender
              when: state.spend[24h] >= 500

            campaign cart_abandonment
              trigger: after add_to_cart without checkout_started, purchase within 30m
              audience: state.cart.value > 0
              message:
                channel: email
                template: Cart worth {state.cart.value}, code {offer}
                offer: FREESHIP
              guards:
                frequency_cap: 2 per day
                cooldown: 24h
                quiet_hours: 22:00-08:00
                suppress_after_conversion
                consent: opt_in
            """;

    @Test
    void givenDefaultFile_whenLoaded_thenTheFiveArticleCampaignsAreThere() {
        CampaignCatalog catalog = CampaignFile.defaults();

        assertThat(catalog.campaigns())
                .extracting(Campaign::id)
                .containsExactly(
                        "cart_abandonment",
                        "spending_alert",
                        "flash_sale_sms",
                        "onboarding_upsell",
                        "watch_time_nudge");
        assertThat(catalog.absenceStartedBy("add_to_cart"))
                .extracting(Campaign::id)
                .containsExactly("cart_abandonment");
        assertThat(catalog.absenceCancelledBy("purchase"))
                .extracting(Campaign::id)
                .containsExactly("cart_abandonment");
        assertThat(catalog.triggeredBy("video_paused")).extracting(Campaign::id).containsExactly("watch_time_nudge");
        assertThat(catalog.triggeredBySegmentEntry()).extracting(Campaign::id).containsExactly("spending_alert");
        assertThat(catalog.retention().eventHorizons())
                .isEqualTo(Map.of("product_view", Duration.ofHours(1), "feature_used", Duration.ofDays(7)));
    }

    @Test
    void givenValidFile_whenParsed_thenModelMatchesTheText() {
        Campaign campaign = CampaignFile.parse(VALID).find("cart_abandonment").orElseThrow();

        assertThat(campaign.trigger()).isInstanceOfSatisfying(Trigger.AfterAbsence.class, t -> {
            assertThat(t.startType()).isEqualTo("add_to_cart");
            assertThat(t.cancelTypes()).containsExactly("checkout_started", "purchase");
            assertThat(t.within()).isEqualTo(Duration.ofMinutes(30));
        });
        assertThat(campaign.message().channel()).isEqualTo(Channel.EMAIL);
        assertThat(campaign.message().offer()).isEqualTo("FREESHIP");
        assertThat(campaign.guards())
                .containsExactly(
                        new Guard.ConsentRequired(true),
                        new Guard.SuppressAfterConversion(),
                        new Guard.QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0)),
                        new Guard.Cooldown(Duration.ofHours(24)),
                        new Guard.FrequencyCap(2, Guard.CapPeriod.DAY));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            audience: state.cart.value > 0                      | audience: state.cart.valu > 0                 | 7  | campaign cart_abandonment | audience         | unknown field state.cart.valu
            channel: email                                      | channel: fax                                  | 9  | campaign cart_abandonment | message.channel  | unknown channel 'fax'
            template: Cart worth {state.cart.value}, code {offer} | template: Cart worth {state.cart.value      | 10 | campaign cart_abandonment | message.template | unclosed '{'
            template: Cart worth {state.cart.value}, code {offer} | template: Cart from {event.colour}          | 10 | campaign cart_abandonment | message.template | event.colour is not a property of add_to_cart
            frequency_cap: 2 per day                            | frequency_cap: often                          | 13 | campaign cart_abandonment | guards.frequency_cap | expected 'N per day'
            cooldown: 24h                                       | cooldown: a day                               | 14 | campaign cart_abandonment | guards.cooldown  | positive duration
            quiet_hours: 22:00-08:00                            | quiet_hours: 25:00-08:00                      | 15 | campaign cart_abandonment | guards.quiet_hours | not a time of day
            consent: opt_in                                     | consent: maybe                                | 17 | campaign cart_abandonment | guards.consent   | expected opt_in or opt_out
            within 30m                                          | within half an hour                           | 6  | campaign cart_abandonment | trigger          | not a duration: 'half an hour'
            checkout_started, purchase within                   | add_to_cart, purchase within                  | 6  | campaign cart_abandonment | trigger          | add_to_cart cannot both start and cancel the timer
            when: state.spend[24h] >= 500                       | when: event.revenue >= 500                    | 3  | segment big_spender       | when             | event.* fields are not available here
            format: 1                                           | format: 2                                     | 1  | file                      | format           | unsupported format 2
            suppress_after_conversion                           | suppress_after_convertion                     | 16 | campaign cart_abandonment | guards.suppress_after_convertion | unknown guard
            """)
    void givenOneMistake_whenParsed_thenRejectedWithLineDefinitionFieldAndReason(
            String original, String broken, int line, String definition, String field, String reason) {
        String text = VALID.replace(original, broken);

        InvalidCampaignDefinition error =
                catchThrowableOfType(() -> CampaignFile.parse(text), InvalidCampaignDefinition.class);

        assertThat(error).as("rejected").isNotNull();
        assertThat(error.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.definition()).isEqualTo(definition);
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.reason()).contains(reason);
        });
    }

    @Test
    void givenSeveralMistakes_whenParsed_thenEveryOneIsReported() {
        String text = VALID.replace("channel: email", "channel: fax")
                .replace("cooldown: 24h", "cooldown: soon")
                .replace("state.cart.value > 0", "state.cart.value >");

        InvalidCampaignDefinition error =
                catchThrowableOfType(() -> CampaignFile.parse(text), InvalidCampaignDefinition.class);

        assertThat(error.problems()).extracting(DefinitionProblem::line).containsExactly(7, 9, 14);
        assertThat(error.getMessage())
                .startsWith("line 7, column 13: campaign cart_abandonment, audience: expected a value");
    }

    @ParameterizedTest(name = "{0} -> line {1}, column {2}")
    @CsvSource(delimiter = '|', textBlock = """
            channel: email|channel: fax                  | 9 | 14 | message.channel | unknown channel 'fax'
            cooldown: 24h|cooldown: soon                 |14 | 15 | guards.cooldown | expected a positive duration
            quiet_hours: 22:00-08:00|quiet_hours: late   |15 | 18 | guards.quiet_hours | expected HH:MM-HH:MM
            consent: opt_in|consent: maybe               |17 | 14 | guards.consent | expected opt_in or opt_out
            offer: FREESHIP|colour: red                  |11 |  5 | message.colour | unknown field
            within 30m|within soon                       | 6 | 12 | trigger | not a duration
            format: 1|format: 2                          | 1 |  9 | format | unsupported format 2
            campaign cart_abandonment|campaign Cart      | 5 |  1 | name | must match
            '  audience: state.cart.value > 0' | '\taudience: x' | 7 |  1 | indentation | use spaces, not tabs
            """)
    void givenOneMistake_whenParsed_thenItsLineColumnFieldAndReasonAreReported(
            String original, String replacement, int line, int column, String field, String reason) {
        String text = VALID.replace(original, replacement);

        InvalidCampaignDefinition error =
                catchThrowableOfType(() -> CampaignFile.parse(text), InvalidCampaignDefinition.class);

        assertThat(error.problems()).hasSize(1);
        DefinitionProblem problem = error.problems().get(0);
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.column()).isEqualTo(column);
        assertThat(problem.field()).endsWith(field);
        assertThat(problem.reason()).contains(reason);
        assertThat(problem.toString()).startsWith("line " + line + ", column " + column + ": ");
    }

    @Test
    void givenDuplicateCampaign_whenParsed_thenReportedAtTheSecondDefinition() {
        String text = VALID + """

                campaign cart_abandonment
                  trigger: on_segment_entry high_roller
                  message:
                    channel: push
                    template: hi
                """;

        InvalidCampaignDefinition error =
                catchThrowableOfType(() -> CampaignFile.parse(text), InvalidCampaignDefinition.class);

        assertThat(error.problems())
                .extracting(DefinitionProblem::toString)
                .containsExactly("line 19, column 1: campaign cart_abandonment, name: defined twice (first at line 5)");
    }

    @Test
    void givenTriggerOnUnknownSegment_whenParsed_thenReportedAtTheTriggerLine() {
        String text = VALID.replace(
                "after add_to_cart without checkout_started, purchase within 30m", "on_segment_entry high_roller");

        assertThatThrownBy(() -> CampaignFile.parse(text))
                .hasMessage("line 6, column 12: campaign cart_abandonment, trigger: unknown segment high_roller");
    }

    @Test
    void givenMissingPartsAndBadIndentation_whenParsed_thenReported() {
        String text = """
                format: 1
                campaign lonely
                   description: three spaces
                  audience: state.cart.value > 0
                """;

        assertThatThrownBy(() -> CampaignFile.parse(text))
                .isInstanceOf(InvalidCampaignDefinition.class)
                .hasMessageContaining("line 3, column 4: file, indentation: indent by two spaces per level")
                .hasMessageContaining("line 2, column 1: campaign lonely, trigger: missing")
                .hasMessageContaining("line 2, column 1: campaign lonely, message: missing");
    }

    @Test
    void givenBuilderStyleDefinitions_whenValidated_thenProblemsNameCampaignAndField() {
        Campaign campaign = new Campaign(
                "alert",
                null,
                new Trigger.OnSegmentEntry("nobody"),
                Condition.ALWAYS,
                MessageTemplate.compile(Channel.PUSH, "hi", null, ConditionScope.ANY_EVENT),
                List.of());

        assertThat(CampaignCatalog.validate(List.of(), List.of(campaign)))
                .containsExactly(new DefinitionProblem(0, "campaign alert", "trigger", "unknown segment nobody"));
        assertThatThrownBy(() -> new CampaignCatalog(List.of(), List.of(campaign)))
                .isInstanceOf(InvalidCampaignDefinition.class);
    }

    @Test
    void givenTheDocumentation_whenItsWorkedExampleIsRead_thenItIsTheShippedDefaultFile() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "campaigns.md"));
        String resource;
        try (InputStream in = CampaignFile.class.getResourceAsStream(CampaignFile.DEFAULT_RESOURCE)) {
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(doc).contains("```\n" + resource + "```\n");
    }
}
