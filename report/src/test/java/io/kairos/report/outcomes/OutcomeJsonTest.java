package io.kairos.report.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of {@code kairos stats} on src/test/resources/stats/outcomes.csv (60 users in three arms, tied and censored
 * durations) against R 4.2.2 with survival 3.5.3. The expected values were printed by this script, run in that
 * directory:
 *
 * <pre>{@code
 * library(survival)
 * d <- read.csv("outcomes.csv"); H <- 72; ctl <- "control"
 * for (a in c("control", "batch", "realtime")) { x <- d[d$arm == a, ]
 *   f <- survfit(Surv(duration_hours, converted) ~ 1, data = x)
 *   m <- survival:::survmean(f, rmean = H)$matrix
 *   cat(a, nrow(x), sum(x$converted), sprintf('%.12f', c(mean(x$converted), mean(x$revenue),
 *       m[c('median', '0.95LCL', '0.95UCL', 'rmean')])), '\n') }
 * for (a in c("batch", "realtime")) { t <- d[d$arm == a, ]; c <- d[d$arm == ctl, ]
 *   p <- prop.test(c(sum(t$converted), sum(c$converted)), c(nrow(t), nrow(c)), correct = FALSE)
 *   pt <- mean(t$converted); pc <- mean(c$converted); se <- sqrt((1-pt)/(nrow(t)*pt) + (1-pc)/(nrow(c)*pc))
 *   w <- t.test(t$revenue, c$revenue)
 *   s <- d[d$arm %in% c(a, ctl), ]; s$arm <- factor(s$arm, levels = c(ctl, a))
 *   l <- survdiff(Surv(duration_hours, converted) ~ arm, data = s)
 *   cat(a, sprintf('%.12f', c(pt - pc, p$conf.int, pt/pc - 1, exp(log(pt/pc) + c(-1, 1) * qnorm(0.975) * se) - 1,
 *       p$p.value, mean(t$revenue) - mean(c$revenue), w$p.value, l$chisq,
 *       pchisq(l$chisq, 1, lower.tail = FALSE))), '\n') }
 * n <- table(d$arm)[c("control", "batch", "realtime")]
 * cat(sprintf('%.12f', chisq.test(n, p = c(10, 45, 45) / 100)$p.value), '\n')
 * }</pre>
 *
 * <p>SciPy 1.17.1 agrees on the Welch p-values ({@code ttest_ind(equal_var=False)}), the log-rank tests
 * ({@code logrank} on {@code CensoredData}) and the sample-ratio p-value ({@code chisquare([14, 22, 24], [6, 27, 27])}).
 */
class OutcomeJsonTest {

    private static final double R_PRECISION = 1e-10;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void givenTheReferenceFile_whenAnalysedAt72Hours_thenEveryArmMatchesR() throws IOException {
        JsonNode json =
                reference(OptionalDouble.of(72), Optional.of(ArmWeights.parse("control=10,batch=45,realtime=45")));

        assertThat(json.get("control").asString()).isEqualTo("control");
        assertNumber(json.get("horizon_hours"), 72);
        JsonNode arms = json.get("arms");
        assertThat(arms.size()).isEqualTo(3);
        // control 14 3 0.214285714286 6.250000000000 NA NA NA 66.571428571429
        assertArm(arms.get(0), "control", 14, 3, 0.214285714286, 6.25, null, null, null, 66.571428571429);
        // batch 22 11 0.500000000000 18.393181818182 130.000000000000 72.000000000000 NA 58.352272727273
        assertArm(arms.get(1), "batch", 22, 11, 0.5, 18.393181818182, 130.0, 72.0, null, 58.352272727273);
        // realtime 24 15 0.625000000000 20.916250000000 30.000000000000 10.000000000000 NA 38.875000000000
        assertArm(arms.get(2), "realtime", 24, 15, 0.625, 20.91625, 30.0, 10.0, null, 38.875);
    }

    @Test
    void givenTheReferenceFile_whenAnalysed_thenEachArmAgainstTheControlMatchesR() throws IOException {
        JsonNode comparisons =
                reference(OptionalDouble.of(72), Optional.empty()).get("comparisons");

        assertThat(comparisons.size()).isEqualTo(2);
        // batch 0.285714285714 -0.014037683901 0.585466255329 1.333333333333 -0.212826092372 5.916444246550
        //       0.086476265494 12.143181818182 0.079452309969 2.815820356676 0.093339167494
        assertComparison(
                comparisons.get(0),
                "batch",
                new double[] {0.285714285714, -0.014037683901, 0.585466255329},
                new double[] {1.333333333333, -0.212826092372, 5.916444246550},
                0.086476265494,
                new double[] {12.143181818182, 0.079452309969},
                new double[] {2.815820356676, 0.093339167494});
        // realtime 0.410714285714 0.121383076821 0.700045494608 1.916666666667 0.020830253194 7.333358477401
        //          0.014446557152 14.666250000000 0.018070319483 7.491453489242 0.006199249860
        assertComparison(
                comparisons.get(1),
                "realtime",
                new double[] {0.410714285714, 0.121383076821, 0.700045494608},
                new double[] {1.916666666667, 0.020830253194, 7.333358477401},
                0.014446557152,
                new double[] {14.66625, 0.018070319483},
                new double[] {7.491453489242, 0.006199249860});
    }

    @Test
    void givenWeights_whenAnalysed_thenTheSampleRatioPValueMatchesR() throws IOException {
        JsonNode json =
                reference(OptionalDouble.of(72), Optional.of(ArmWeights.parse("realtime=45,batch=45,control=10")));

        // chisq.test(c(14, 22, 24), p = c(10, 45, 45) / 100)$p.value
        assertNumber(json.get("srm_p_value"), 0.002572279102);
    }

    @Test
    void givenNoWeights_whenAnalysed_thenTheSampleRatioPValueIsNull() throws IOException {
        assertThat(reference(OptionalDouble.of(72), Optional.empty())
                        .get("srm_p_value")
                        .isNull())
                .isTrue();
    }

    @Test
    void givenNoHorizon_whenAnalysed_thenTheRestrictedMeanRunsToTheSmallestLargestDuration() throws IOException {
        // H <- min(tapply(d$duration_hours, d$arm, max))   # 168
        // survival:::survmean(survfit(Surv(duration_hours, converted) ~ 1, data = d[d$arm == a, ]), rmean = H)
        // control 143.246753246753, batch 108.181473829201, realtime 71.419642857143
        JsonNode json = reference(OptionalDouble.empty(), Optional.empty());

        assertNumber(json.get("horizon_hours"), 168);
        assertNumber(json.get("arms").get(0).get("rmst_hours"), 143.246753246753);
        assertNumber(json.get("arms").get(1).get("rmst_hours"), 108.181473829201);
        assertNumber(json.get("arms").get(2).get("rmst_hours"), 71.419642857143);
    }

    @Test
    void givenAnotherControl_whenAnalysed_thenItComesFirstAndTheOthersFollowInFileOrder() throws IOException {
        JsonNode json = render(read(resource()), "realtime", OptionalDouble.of(72), Optional.empty());

        assertThat(json.get("arms").findValuesAsString("arm")).containsExactly("realtime", "batch", "control");
        assertThat(json.get("comparisons").findValuesAsString("control")).containsExactly("realtime", "realtime");
    }

    @Test
    void givenNoConversionInEitherArm_whenAnalysed_thenUndefinedStatisticsAreNull() throws IOException {
        JsonNode json = render(
                read(text("control,0,0,5\ncontrol,0,0,7\nbatch,0,0,6\nbatch,0,0,8\n")),
                "control",
                OptionalDouble.empty(),
                Optional.empty());

        JsonNode arm = json.get("arms").get(1);
        assertThat(arm.get("km_median_hours").isNull()).isTrue();
        assertThat(arm.get("km_median_ci").get(0).isNull()).isTrue();
        assertThat(arm.get("km_median_ci").get(1).isNull()).isTrue();
        assertNumber(arm.get("rmst_hours"), 7);
        JsonNode comparison = json.get("comparisons").get(0);
        assertNumber(comparison.get("abs_diff"), 0);
        assertNumber(comparison.get("revenue_diff"), 0);
        for (String undefined : new String[] {
            "abs_diff_ci", "rel_lift", "rel_lift_ci", "p_value_z", "p_value_welch", "logrank_chi2", "logrank_p"
        }) {
            assertThat(comparison.get(undefined).isNull()).as(undefined).isTrue();
        }
    }

    @Test
    void givenAControlThatIsNotInTheFile_whenAnalysed_thenTheFileArmsAreListed() {
        assertThatThrownBy(
                        () -> OutcomeAnalysis.of(read(resource()), "holdout", OptionalDouble.empty(), Optional.empty()))
                .isInstanceOf(InvalidOutcomeFile.class)
                .hasMessage("the control arm 'holdout' does not appear in the file; its arms are batch, control,"
                        + " realtime (choose one with --control)");
    }

    @Test
    void givenWeightsForAnArmNotInTheFile_whenAnalysed_thenTheArmIsNamed() {
        assertThatThrownBy(() -> OutcomeAnalysis.of(
                        read(resource()),
                        "control",
                        OptionalDouble.empty(),
                        Optional.of(ArmWeights.parse("control=10,batch=45,realtime=40,holdout=5"))))
                .isInstanceOf(InvalidOutcomeFile.class)
                .hasMessage("--weights names arm 'holdout', which does not appear in the file; its arms are batch,"
                        + " control, realtime");
    }

    @Test
    void givenNoWeightForAnArmOfTheFile_whenAnalysed_thenTheArmAndItsFirstLineAreNamed() {
        assertThatThrownBy(() -> OutcomeAnalysis.of(
                        read(resource()),
                        "control",
                        OptionalDouble.empty(),
                        Optional.of(ArmWeights.parse("control=10,batch=45"))))
                .isInstanceOf(InvalidOutcomeFile.class)
                .hasMessage("arm 'realtime' (first on line 4) has no weight in --weights; give every arm of the file"
                        + " a weight");
    }

    @Test
    void givenASingleArm_whenAnalysedWithItsWeight_thenThereIsNoComparisonAndNoSampleRatio() throws IOException {
        JsonNode json = render(
                read(text("control,1,5,2\ncontrol,0,0,9\n")),
                "control",
                OptionalDouble.empty(),
                Optional.of(ArmWeights.parse("control=1")));

        assertThat(json.get("comparisons").isEmpty()).isTrue();
        assertThat(json.get("srm_p_value").isNull()).isTrue();
    }

    private static JsonNode reference(OptionalDouble horizon, Optional<ArmWeights> weights) throws IOException {
        return render(read(resource()), "control", horizon, weights);
    }

    private static JsonNode render(
            OutcomeFile file, String control, OptionalDouble horizon, Optional<ArmWeights> weights) {
        return MAPPER.readTree(OutcomeJson.render(OutcomeAnalysis.of(file, control, horizon, weights)));
    }

    private static InputStream resource() {
        return OutcomeJsonTest.class.getResourceAsStream("/stats/outcomes.csv");
    }

    private static InputStream text(String rows) {
        return new ByteArrayInputStream(
                ("arm,converted,revenue,duration_hours\n" + rows).getBytes(StandardCharsets.UTF_8));
    }

    private static OutcomeFile read(InputStream in) throws IOException {
        try (in) {
            return OutcomeFile.read(in);
        }
    }

    private static void assertArm(
            JsonNode arm,
            String name,
            int n,
            int conversions,
            double rate,
            double revenueMean,
            Double median,
            Double lower,
            Double upper,
            double rmst) {
        assertThat(arm.get("arm").asString()).isEqualTo(name);
        assertThat(arm.get("n").asInt()).isEqualTo(n);
        assertThat(arm.get("conversions").asInt()).isEqualTo(conversions);
        assertNumber(arm.get("conversion_rate"), rate);
        assertNumber(arm.get("revenue_mean"), revenueMean);
        assertNumberOrNull(arm.get("km_median_hours"), median);
        assertThat(arm.get("km_median_ci").size()).isEqualTo(2);
        assertNumberOrNull(arm.get("km_median_ci").get(0), lower);
        assertNumberOrNull(arm.get("km_median_ci").get(1), upper);
        assertNumber(arm.get("rmst_hours"), rmst);
    }

    /** Expected values in R's order: abs_diff and its interval, rel_lift and its interval, revenue, log-rank. */
    private static void assertComparison(
            JsonNode comparison,
            String arm,
            double[] absoluteDifference,
            double[] relativeLift,
            double pValueZ,
            double[] revenueDifferenceAndWelchP,
            double[] logRankChiSquareAndP) {
        assertThat(comparison.get("arm").asString()).isEqualTo(arm);
        assertThat(comparison.get("control").asString()).isEqualTo("control");
        assertNumber(comparison.get("abs_diff"), absoluteDifference[0]);
        assertNumber(comparison.get("abs_diff_ci").get(0), absoluteDifference[1]);
        assertNumber(comparison.get("abs_diff_ci").get(1), absoluteDifference[2]);
        assertNumber(comparison.get("rel_lift"), relativeLift[0]);
        assertNumber(comparison.get("rel_lift_ci").get(0), relativeLift[1]);
        assertNumber(comparison.get("rel_lift_ci").get(1), relativeLift[2]);
        assertNumber(comparison.get("p_value_z"), pValueZ);
        assertNumber(comparison.get("revenue_diff"), revenueDifferenceAndWelchP[0]);
        assertNumber(comparison.get("p_value_welch"), revenueDifferenceAndWelchP[1]);
        assertNumber(comparison.get("logrank_chi2"), logRankChiSquareAndP[0]);
        assertNumber(comparison.get("logrank_p"), logRankChiSquareAndP[1]);
    }

    private static void assertNumberOrNull(JsonNode node, Double expected) {
        if (expected == null) {
            assertThat(node.isNull()).isTrue();
        } else {
            assertNumber(node, expected);
        }
    }

    private static void assertNumber(JsonNode node, double expected) {
        assertThat(node.isNumber()).as("%s is a number", node).isTrue();
        assertThat(node.asDouble()).isCloseTo(expected, within(R_PRECISION));
    }
}
