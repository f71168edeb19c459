package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.cli.InProcessKairos.Run;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kairos campaigns validate|publish|history|show|diff}: exit codes, messages and refusals. */
class CampaignsCommandIT {

    static final String ONE = """
            format: 1
            campaign welcome
              trigger: on page_view
              message:
                channel: push
                template: Welcome
            """;
    static final String TWO = ONE.replace("template: Welcome", "template: Welcome back");
    static final String BAD = """
            format: 1
            campaign welcome
              trigger: on page_view
              message:
                channel: fax
                template: Welcome
              guards:
                cooldown: soon
            """;

    static TestPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        postgres = TestServers.postgres().freshDatabase("campaigns_cli");
    }

    static Run kairos(String... arguments) {
        return InProcessKairos.against(postgres, arguments);
    }

    static Run run(String... arguments) {
        return InProcessKairos.run(arguments);
    }

    Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void givenAValidAndAnInvalidFile_whenValidated_thenExit0WithASummaryAndExit2WithEveryProblemsLineAndColumn()
            throws Exception {
        Path good = file("good.kairos", ONE);
        Path bad = file("bad.kairos", BAD);

        Run valid = run("campaigns", "validate", good.toString());
        Run invalid = run("campaigns", "validate", bad.toString());
        Run missing = run("campaigns", "validate", dir.resolve("nowhere.kairos").toString());

        assertThat(valid.exit()).isZero();
        assertThat(valid.out().strip())
                .isEqualTo(good + ": valid, 1 campaign and 0 segments, sha256 "
                        + io.kairos.domain.campaign.CampaignVersion.sha256(ONE));
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err())
                .contains(
                        "is not valid, 2 problems:",
                        bad + ": line 5, column 14: campaign welcome, message.channel: unknown channel 'fax'",
                        bad + ": line 8, column 15: campaign welcome, guards.cooldown: expected a positive duration");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: " + dir.resolve("nowhere.kairos"));
    }

    @Test
    void givenTwoDocuments_whenPublishedListedShownAndCompared_thenVersionsInOrderAndEveryRefusalInASentence()
            throws Exception {
        Path one = file("one.kairos", ONE);
        Path two = file("two.kairos", TWO);
        Instant later = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        Run first = kairos("campaigns", "publish", one.toString(), "--author", "ana");
        Run same = kairos("campaigns", "publish", one.toString(), "--author", "ana");
        Run past = kairos("campaigns", "publish", two.toString(), "--effective-at", "2020-01-01T00:00:00Z");
        Run invalid = kairos("campaigns", "publish", file("bad.kairos", BAD).toString());
        Run badInstant = kairos("campaigns", "publish", two.toString(), "--effective-at", "tomorrow");
        Run second =
                kairos("campaigns", "publish", two.toString(), "--author", "ben", "--effective-at", later.toString());
        Run history = kairos("campaigns", "history");
        Run show = kairos("campaigns", "show", "1");
        Run latest = kairos("campaigns", "show");
        Run diff = kairos("campaigns", "diff", "1", "2");
        Run unknown = kairos("campaigns", "diff", "1", "9");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Published campaign version 1 by ana, in force from ");
        assertThat(same.exit()).isEqualTo(1);
        assertThat(same.err())
                .contains("the document is identical to version 1, the latest published; nothing to publish");
        assertThat(past.exit()).isEqualTo(1);
        assertThat(past.err()).contains("effective time 2020-01-01T00:00:00Z is in the past");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("is not valid, 2 problems:", "line 5, column 14:");
        assertThat(badInstant.exit()).isEqualTo(2);
        assertThat(badInstant.err()).contains("--effective-at 'tomorrow' is not an ISO instant");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out())
                .startsWith("Published campaign version 2 by ben, in force from " + later + " (event time)");
        assertThat(history.exit()).isZero();
        assertThat(history.out().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(1)).startsWith("1 ").contains("ana");
            assertThat(lines.get(2)).startsWith("2 ").contains("ben", later.toString(), "scheduled");
        });
        assertThat(show.exit()).isZero();
        assertThat(show.out()).isEqualTo(ONE);
        assertThat(show.err()).contains("Campaign version 1 by ana");
        assertThat(latest.out()).isEqualTo(TWO);
        assertThat(diff.exit()).isZero();
        assertThat(diff.out())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "--- version 1",
                        "+++ version 2",
                        "@@ -3,4 +3,4 @@",
                        "   trigger: on page_view",
                        "   message:",
                        "     channel: push",
                        "-    template: Welcome",
                        "+    template: Welcome back",
                        ""));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no campaign version 9");
    }
}
