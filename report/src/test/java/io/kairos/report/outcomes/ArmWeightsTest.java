package io.kairos.report.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --weights} value: arm=weight pairs, and the reason for each one refused. */
class ArmWeightsTest {

    @Test
    void givenWeightsWithSpacesAndDecimals_whenParsed_thenEveryArmKeepsItsWeightInOrder() {
        ArmWeights weights = ArmWeights.parse("control=10, batch = 45.5,realtime=44.5");

        assertThat(weights.weights())
                .containsExactly(Map.entry("control", 10.0), Map.entry("batch", 45.5), Map.entry("realtime", 44.5));
    }

    @Test
    void givenAnEntryWithoutEquals_whenParsed_thenTheReasonShowsAnExample() {
        assertRefused("control=10,batch", "'batch' is not arm=weight; write e.g. control=10,batch=45,realtime=45");
    }

    @Test
    void givenAnEmptyValue_whenParsed_thenItIsNotArmEqualsWeight() {
        assertRefused("", "'' is not arm=weight; write e.g. control=10,batch=45,realtime=45");
    }

    @Test
    void givenNoArmName_whenParsed_thenTheReasonSaysSo() {
        assertRefused("=10,batch=45", "'=10' has no arm name before '='");
    }

    @Test
    void givenANonNumericWeight_whenParsed_thenTheArmIsNamed() {
        assertRefused("control=ten", "the weight of arm 'control' is not a number: 'ten'");
    }

    @Test
    void givenAZeroOrNegativeWeight_whenParsed_thenItMustBePositive() {
        assertRefused("control=0,batch=1", "the weight of arm 'control' must be a positive number, was 0");
        assertRefused("control=1,batch=-2", "the weight of arm 'batch' must be a positive number, was -2");
    }

    @Test
    void givenAnArmTwice_whenParsed_thenTheReasonSaysSo() {
        assertRefused("control=1,control=2", "arm 'control' is given two weights");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> ArmWeights.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
