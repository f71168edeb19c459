package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleRatioCheckTest {

    /**
     * Reference values from SciPy 1.17.1:
     *
     * <pre>
     * $ python3 -c 'from scipy.stats import chisquare
     * print(chisquare([1045,4420,4535], f_exp=[1000,4500,4500]))
     * print(chisquare([1100,4400,4500], f_exp=[1000,4500,4500]))
     * print(chisquare([1200,4400,4400], f_exp=[1000,4500,4500]))'
     * Power_divergenceResult(statistic=np.float64(3.719444444444444), pvalue=np.float64(0.15571587877176643))
     * Power_divergenceResult(statistic=np.float64(12.222222222222221), pvalue=np.float64(0.002218084904320256))
     * Power_divergenceResult(statistic=np.float64(44.44444444444444), pvalue=np.float64(2.2336314362031707e-10))
     * </pre>
     */
    @ParameterizedTest(name = "{0}/{1}/{2} -> chi2 {3}, p {4}")
    @CsvSource({
        "1045, 4420, 4535, 3.719444444444444, 0.15571587877176643, false",
        "1100, 4400, 4500, 12.222222222222221, 0.002218084904320256, false",
        "1200, 4400, 4400, 44.44444444444444, 2.2336314362031707e-10, true"
    })
    void givenObservedArmSizes_whenChecked_thenMatchesScipyChisquare(
            long control, long batch, long realtime, double chiSquare, double p, boolean mismatch) {
        SampleRatioCheck.Result result = SampleRatioCheck.check(
                Experiment.batchVersusRealtime("exp", "salt"),
                Map.of("control", control, "batch", batch, "realtime", realtime));

        assertThat(result.chiSquare()).isCloseTo(chiSquare, within(1e-9));
        assertThat(result.pValue()).isCloseTo(p, within(p * 1e-6));
        assertThat(result.degreesOfFreedom()).isEqualTo(2);
        assertThat(result.mismatch()).isEqualTo(mismatch);
    }

    /**
     * Reference: {@code python3 -c 'from scipy.stats import chisquare; print(chisquare([5000,5200],
     * f_exp=[5100,5100]))'} gives statistic 3.9215686274509802, pvalue 0.0476703806561615.
     */
    @ParameterizedTest
    @CsvSource("5000, 5200, 3.9215686274509802, 0.0476703806561615")
    void givenTwoArms_whenChecked_thenOneDegreeOfFreedom(long a, long b, double chiSquare, double p) {
        SampleRatioCheck.Result result = SampleRatioCheck.check(new long[] {a, b}, new double[] {1, 1});

        assertThat(result.chiSquare()).isCloseTo(chiSquare, within(1e-9));
        assertThat(result.pValue()).isCloseTo(p, within(1e-9));
        assertThat(result.mismatch()).isFalse();
    }
}
