package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an experiment may be: its key, its arms. */
class ExperimentTest {

    @ParameterizedTest
    @ValueSource(strings = {"checkout-q1", "Xmas_26", "v2.1", "a", "0-start"})
    void givenAKeyOfLettersDigitsDotsDashesAndUnderscores_whenMade_thenAccepted(String key) {
        assertThat(Experiment.batchVersusRealtime(key, "salt").key()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "checkout q1", "-leading-dash", ".hidden", "é", "key?x=1"})
    void givenAKeyThatCannotNameAGroupTopicOrAddress_whenMade_thenRefusedSayingWhatAKeyMayBe(String key) {
        assertThatThrownBy(() -> Experiment.batchVersusRealtime(key, "salt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment key '" + key + "' must be 1 to 100 letters, digits, '.', '_' or '-', starting"
                        + " with a letter or digit (it names the experiment's consumer group, topics and HTTP"
                        + " address)");
    }

    @Test
    void givenKeysOf100And101Characters_whenMade_thenOnlyTheFirstFitsTheStoredColumns() {
        assertThat(Experiment.batchVersusRealtime("k".repeat(100), "salt").key())
                .hasSize(100);
        assertThatThrownBy(() -> Experiment.batchVersusRealtime("k".repeat(101), "salt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 1 to 100 letters");
    }

    @Test
    void givenNoArmOrATwiceNamedArm_whenMade_thenRefused() {
        assertThatThrownBy(() -> new Experiment("e", "salt", List.of()))
                .hasMessage("an experiment needs at least one arm");
        assertThatThrownBy(() -> new Experiment(
                        "e",
                        "salt",
                        List.of(new Arm("batch", 1, Set.of(Mode.BATCH)), new Arm("batch", 1, Set.of(Mode.BATCH)))))
                .hasMessage("duplicate arm batch");
    }
}
