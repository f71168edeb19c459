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
}
