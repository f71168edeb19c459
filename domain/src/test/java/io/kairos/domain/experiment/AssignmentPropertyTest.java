package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/** Properties of assignment: uniform over buckets and arms, and stable. */
class AssignmentPropertyTest {

    private static final int USERS = 1_000_000;

    @Property(tries = 3, seed = "20261128")
    void givenAMillionUserIds_whenBucketed_thenChiSquareDoesNotRejectUniformityAtOnePerMille(
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String experimentKey,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String salt) {
        long[] counts = new long[BucketHash.BUCKETS];
        for (int i = 0; i < USERS; i++) {
            counts[BucketHash.bucket(experimentKey, salt, "user-" + i)]++;
        }
        double expected = USERS / (double) BucketHash.BUCKETS;
        double chiSquare = 0;
        for (long count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        double p = ChiSquaredDistribution.of(BucketHash.BUCKETS - 1).survivalProbability(chiSquare);

        assertThat(p).as("p-value of chi-square %.1f over 9999 df", chiSquare).isGreaterThanOrEqualTo(0.001);
    }

    @Property(tries = 3, seed = "20261128")
    void givenAMillionUserIds_whenAssigned_thenArmSizesPassTheSampleRatioCheck(
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String salt) {
        Experiment experiment = Experiment.batchVersusRealtime("exp", salt);
        long control = 0;
        long batch = 0;
        long realtime = 0;
        for (int i = 0; i < USERS; i++) {
            switch (experiment.assign("u" + i).arm().name()) {
                case "control" -> control++;
                case "batch" -> batch++;
                default -> realtime++;
            }
        }

        SampleRatioCheck.Result result =
                SampleRatioCheck.check(experiment, Map.of("control", control, "batch", batch, "realtime", realtime));

        assertThat(result.mismatch()).as("%s", result).isFalse();
    }

    @Property(tries = 200)
    void givenAnyUser_whenAssignedAgainByAnotherInstance_thenSameBucketAndArm(
            @ForAll String userId, @ForAll @StringLength(min = 1, max = 20) String salt) {
        ArmAssignment first = Experiment.batchVersusRealtime("exp", salt).assign(userId);
        ArmAssignment second = Experiment.batchVersusRealtime("exp", salt).assign(userId);

        assertThat(second).isEqualTo(first);
        assertThat(first.bucket()).isBetween(0, BucketHash.BUCKETS - 1);
    }

    @Property(tries = 50)
    void givenWeights_whenBucketsPartitioned_thenEveryBucketHasExactlyOneArm(
            @ForAll @UniqueElements Set<@IntRange(min = 1, max = 100) Integer> weights) {
        if (weights.isEmpty()) {
            return;
        }
        List<Arm> arms = new ArrayList<>();
        int i = 0;
        for (int weight : weights) {
            arms.add(new Arm("arm" + i++, weight, Set.of()));
        }
        Experiment experiment = new Experiment("e", "s", arms);

        assertThat(experiment.bucketLimit(arms.size() - 1)).isEqualTo(BucketHash.BUCKETS);
        for (int index = 1; index < arms.size(); index++) {
            assertThat(experiment.bucketLimit(index)).isGreaterThanOrEqualTo(experiment.bucketLimit(index - 1));
        }
    }
}
