package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.stats.ChiSquareIndependence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two experiments on the same traffic, each with its own key and salt, assign independently: over 100,000 user ids the
 * arm in one tells nothing about the arm in the other (chi-square test of independence of the 3 × 3 table), while two
 * assignments sharing key and salt are, as they must be, the same.
 */
class ConcurrentExperimentsTest {

    static final int USERS = 100_000;

    @Test
    void givenTwoExperimentsWithTheirOwnSalts_whenAssigning100000Users_thenTheArmsAreIndependent() {
        Experiment checkout = Experiment.batchVersusRealtime("checkout-2026", "salt-a");
        Experiment onboarding = new Experiment(
                "onboarding-2026",
                "salt-b",
                List.of(
                        new Arm("control", 20, java.util.Set.of()),
                        new Arm("batch", 40, java.util.Set.of(Mode.BATCH)),
                        new Arm("realtime", 40, java.util.Set.of(Mode.REALTIME))));

        ChiSquareIndependence result = ChiSquareIndependence.test(table(checkout, onboarding));

        assertThat(result.degreesOfFreedom()).isEqualTo(4);
        assertThat(result.pValue()).as("chi-square %s", result.chiSquare()).isGreaterThan(0.001);
    }

    @Test
    void givenTheSameKeyAndSalt_whenAssigning_thenTheTestSeesTheDependence() {
        Experiment one = Experiment.batchVersusRealtime("checkout-2026", "salt-a");

        assertThat(ChiSquareIndependence.test(table(one, one)).pValue()).isLessThan(1e-100);
    }

    @Test
    void givenTwoExperimentsSplittingALayer_whenAssigning100000Users_thenNoUserIsInBothAndEachGetsItsShare() {
        Experiment checkout =
                Experiment.batchVersusRealtime("checkout-2026", "salt-a").inLayer(LayerRange.parse("checkout:0-3000"));
        Experiment upsell = Experiment.batchVersusRealtime("upsell-2026", "salt-b")
                .inLayer(LayerRange.parse("checkout:3000-10000"));
        long[] enrolled = new long[2];
        for (int i = 0; i < USERS; i++) {
            String user = "user-" + i;
            boolean inCheckout = checkout.enrols(user);
            assertThat(inCheckout).as(user).isNotEqualTo(upsell.enrols(user));
            enrolled[inCheckout ? 0 : 1]++;
        }

        SampleRatioCheck.Result shares = SampleRatioCheck.check(enrolled, new double[] {0.3, 0.7});

        assertThat(shares.mismatch())
                .as("users per range %s", java.util.Arrays.toString(enrolled))
                .isFalse();
    }

    @Test
    void givenALayeredAndAnOverlappingExperiment_whenAssigning100000Users_thenEnrolmentIsIndependentOfTheOtherArm() {
        Experiment layered =
                Experiment.batchVersusRealtime("checkout-2026", "salt-a").inLayer(LayerRange.parse("checkout:0-5000"));
        Experiment overlapping = Experiment.batchVersusRealtime("onboarding-2026", "salt-b");
        Experiment sameLayerName = Experiment.batchVersusRealtime("checkout", "layer");
        long[][] counts = new long[2][3];
        for (int i = 0; i < USERS; i++) {
            String user = "user-" + i;
            counts[layered.enrols(user) ? 0 : 1][
                    index(overlapping, overlapping.assign(user).arm())]++;
        }

        assertThat(ChiSquareIndependence.test(counts).pValue()).isGreaterThan(0.001);
        assertThat(LayerRange.bucketOf("checkout", "alice"))
                .as("the layer hash is the assignment hash of key 'layer' and salt = the layer's name")
                .isEqualTo(BucketHash.bucket("layer", "checkout", "alice"))
                .isNotEqualTo(sameLayerName.assign("alice").bucket());
    }

    static long[][] table(Experiment first, Experiment second) {
        long[][] counts = new long[first.arms().size()][second.arms().size()];
        for (int i = 0; i < USERS; i++) {
            String user = "user-" + i;
            counts[index(first, first.assign(user).arm())][
                    index(second, second.assign(user).arm())]++;
        }
        return counts;
    }

    static int index(Experiment experiment, Arm arm) {
        return experiment.arms().indexOf(arm);
    }
}
