package io.kairos.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserHashRangeTest {

    @Test
    void givenAnyPartitionCount_whenSplit_thenEveryUserFallsIntoExactlyOneRange() {
        for (int partitions : new int[] {1, 2, 3, 7}) {
            List<UserHashRange> ranges = UserHashRange.split(partitions);

            assertThat(ranges).hasSize(partitions);
            IntStream.range(0, 2_000)
                    .mapToObj(i -> "user-" + i)
                    .forEach(user -> assertThat(ranges.stream()
                                    .filter(r -> r.contains(user))
                                    .count())
                            .isEqualTo(1));
        }
    }

    @Test
    void givenSequentialUserIds_whenHashedIntoTwoRanges_thenNeitherGetsLessThanAFortyPercentShare() {
        List<UserHashRange> halves = UserHashRange.split(2);

        long first = IntStream.range(0, 10_000)
                .mapToObj(i -> "user-" + i)
                .filter(halves.get(0)::contains)
                .count();

        assertThat(first).isBetween(4_000L, 6_000L);
    }

    @Test
    void givenPublishedVectors_whenBucketed_thenTheFirstTenBitsOfTheIdsMd5() {
        // the same values as PostgreSQL's ('x' || substr(md5(user_id), 1, 3))::bit(12)::int >> 2
        assertThat(UserHashRange.bucketOf("user-1")).isEqualTo(859);
        assertThat(UserHashRange.bucketOf("user-2")).isEqualTo(245);
        assertThat(UserHashRange.bucketOf("\u00e9")).isEqualTo(411);
    }

    @Test
    void givenMorePartitionsThanBuckets_whenSplit_thenRejected() {
        assertThatThrownBy(() -> UserHashRange.split(UserHashRange.BUCKETS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenARange_whenDivided_thenAdjacentPartsCoverItExactly() {
        UserHashRange range = new UserHashRange(100, 110);

        assertThat(range.divide(3))
                .containsExactly(new UserHashRange(100, 103), new UserHashRange(103, 106), new UserHashRange(106, 110));
        assertThat(range.divide(1)).containsExactly(range);
        assertThat(range.divide(50))
                .hasSize(10)
                .allSatisfy(part -> assertThat(part.to() - part.from()).isEqualTo(1));
        assertThatThrownBy(() -> range.divide(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenUsers_whenCompared_thenByBucketFirstAndIdSecond() {
        // user-2 is in bucket 245, user-1 in 859 (the vectors above)
        assertThat(UserHashRange.compareUsers("user-2", "user-1")).isNegative();
        assertThat(UserHashRange.compareUsers("user-1", "user-2")).isPositive();
        assertThat(UserHashRange.compareUsers("user-1", "user-1")).isZero();
        String sameBucketAsUser1 = IntStream.range(0, 100_000)
                .mapToObj(i -> "other-" + i)
                .filter(id -> UserHashRange.bucketOf(id) == 859)
                .findFirst()
                .orElseThrow();
        assertThat(Integer.signum(UserHashRange.compareUsers(sameBucketAsUser1, "user-1")))
                .isEqualTo(Integer.signum(sameBucketAsUser1.compareTo("user-1")));
    }
}
