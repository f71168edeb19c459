package io.kairos.report.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.stats.SurvivalObservation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict reader of outcome files: what it accepts, and the line and reason of everything it refuses. */
class OutcomeFileTest {

    private static final String HEADER = "arm,converted,revenue,duration_hours\n";

    @Test
    void givenTwoArms_whenRead_thenEveryRowIsKeptInItsArmInFileOrder() throws IOException {
        OutcomeFile file = read(HEADER + "batch,1,25.5,3\ncontrol,0,0,168\nbatch,0,0,12.25\n");

        assertThat(file.armNames()).containsExactly("batch", "control");
        ArmOutcomes batch = file.arm("batch").orElseThrow();
        assertThat(batch.firstLine()).isEqualTo(2);
        assertThat(batch.users()).isEqualTo(2);
        assertThat(batch.conversions()).isEqualTo(1);
        assertThat(batch.revenue()).containsExactly(25.5, 0.0);
        assertThat(batch.timesToConversion())
                .containsExactly(SurvivalObservation.converted(3), SurvivalObservation.censored(12.25));
        assertThat(file.arm("control").orElseThrow().firstLine()).isEqualTo(3);
    }

    @Test
    void givenColumnsInAnotherOrderAndExtraColumns_whenRead_thenColumnsAreFoundByName() throws IOException {
        OutcomeFile file = read(
                "user_id,duration_hours,note,revenue,arm,converted\n" + "u1,4,\"bought, then left\",19.9,realtime,1\n");

        ArmOutcomes realtime = file.arm("realtime").orElseThrow();
        assertThat(realtime.revenue()).containsExactly(19.9);
        assertThat(realtime.timesToConversion()).containsExactly(SurvivalObservation.converted(4));
    }

    @Test
    void givenQuotesByteOrderMarkCrLfAndTrailingBlankLines_whenRead_thenTheyAreAccepted() throws IOException {
        OutcomeFile file = read("\uFEFF\"arm\",converted,revenue,duration_hours\r\n"
                + "\"control \"\"A\"\"\",0,0,1e2\r\n"
                + "\r\n   \n");

        assertThat(file.armNames()).containsExactly("control \"A\"");
        assertThat(file.arms().get(0).timesToConversion()).containsExactly(SurvivalObservation.censored(100));
    }

    @Test
    void givenAMissingColumn_whenRead_thenLine1NamesIt() {
        assertRefused(
                "arm,converted,duration_hours\ncontrol,0,5\n",
                "line 1: missing column revenue (the header must name arm, converted, revenue, duration_hours)");
    }

    @Test
    void givenTwoMissingColumns_whenRead_thenLine1NamesBoth() {
        assertRefused(
                "arm,converted\ncontrol,0\n",
                "line 1: missing columns revenue, duration_hours (the header must name arm, converted, revenue,"
                        + " duration_hours)");
    }

    @Test
    void givenARequiredColumnTwice_whenRead_thenLine1SaysSo() {
        assertRefused(
                "arm,converted,revenue,duration_hours,arm\ncontrol,0,0,1,batch\n",
                "line 1: column 'arm' appears twice in the header");
    }

    @Test
    void givenAnEmptyFile_whenRead_thenItSaysTheFileIsEmpty() {
        assertRefused("", "the file is empty; expected the header arm,converted,revenue,duration_hours");
    }

    @Test
    void givenOnlyAHeader_whenRead_thenItSaysThereAreNoRows() {
        assertRefused(HEADER + "\n", "the file has a header but no data rows");
    }

    @Test
    void givenANonNumericRevenue_whenRead_thenTheLineAndValueAreReported() {
        assertRefused(HEADER + "control,0,0,1\ncontrol,1,12 EUR,3\n", "line 3: revenue is not a number: '12 EUR'");
    }

    @Test
    void givenNotANumberOrInfinity_whenRead_thenTheyAreNotNumbers() {
        assertRefused(HEADER + "control,0,0,NaN\n", "line 2: duration_hours is not a number: 'NaN'");
        assertRefused(HEADER + "control,0,Infinity,1\n", "line 2: revenue is not a number: 'Infinity'");
    }

    @Test
    void givenANegativeDuration_whenRead_thenTheLineSaysItMustNotBeNegative() {
        assertRefused(
                HEADER + "control,0,0,1\nbatch,0,0,2\nbatch,1,5,-0.5\n",
                "line 4: duration_hours must not be negative, was -0.5");
    }

    @Test
    void givenANegativeRevenue_whenRead_thenTheLineSaysItMustNotBeNegative() {
        assertRefused(HEADER + "control,1,-3,1\n", "line 2: revenue must not be negative, was -3");
    }

    @Test
    void givenAConvertedFlagOtherThanZeroOrOne_whenRead_thenTheLineShowsTheValue() {
        assertRefused(HEADER + "control,yes,0,1\n", "line 2: converted must be 0 or 1, was 'yes'");
        assertRefused(HEADER + "control,1.0,0,1\n", "line 2: converted must be 0 or 1, was '1.0'");
    }

    @Test
    void givenAnEmptyArm_whenRead_thenTheLineSaysSo() {
        assertRefused(HEADER + " ,0,0,1\n", "line 2: arm is empty");
    }

    @Test
    void givenARowWithTooFewFields_whenRead_thenTheLineCountsThem() {
        assertRefused(HEADER + "control,0,0,1\ncontrol,0,0\n", "line 3: expected 4 fields as in the header, found 3");
    }

    @Test
    void givenABlankLineBeforeMoreData_whenRead_thenTheBlankLineIsReported() {
        assertRefused(
                HEADER + "control,0,0,1\n\ncontrol,0,0,2\n", "line 3: blank line before more data (line 4); remove it");
    }

    @Test
    void givenAQuotedFieldThatIsNotClosed_whenRead_thenTheLineSaysSo() {
        assertRefused(HEADER + "\"control,0,0,1\n", "line 2: a quoted field is not closed on this line (field 1)");
    }

    @Test
    void givenTextAfterAClosingQuote_whenRead_thenTheLineSaysSo() {
        assertRefused(HEADER + "\"control\"x,0,0,1\n", "line 2: text after the closing quote of field 1");
    }

    @Test
    void givenBytesThatAreNotUtf8_whenRead_thenTheirLineIsReported() {
        byte[] latin1 =
                (HEADER + "control,0,0,1\ncontr\u00f4le,0,0,1\ncontrol,0,0,2\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> OutcomeFile.read(new ByteArrayInputStream(latin1)))
                .isInstanceOf(InvalidOutcomeFile.class)
                .hasMessage("line 3: not UTF-8 text; save the file as UTF-8");
    }

    private static OutcomeFile read(String text) throws IOException {
        return OutcomeFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(InvalidOutcomeFile.class)
                .hasMessage(message);
    }
}
