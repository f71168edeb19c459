package io.kairos.batch;

import io.kairos.domain.port.out.UserHashRange;
import java.time.Duration;
import java.util.Objects;

/**
 * How the nightly job runs.
 *
 * @param chunkSize users per chunk (one transaction, one round trip per port); large, since the job repository costs
 *     a few statements per chunk
 * @param partitions user-hash partitions processed in parallel (one thread each); keep it constant between a failed
 *     run and its restart
 * @param readAhead users the archive reader buffers ahead of each partition
 * @param progressInterval how often progress is logged
 */
public record NightlyJobSettings(int chunkSize, int partitions, int readAhead, Duration progressInterval) {

    /** The defaults: chunks of 2,000 users, 2 partitions, 4,000 users read ahead, progress every 10 s. */
    public static final NightlyJobSettings DEFAULTS = new NightlyJobSettings(2_000, 2, 4_000, Duration.ofSeconds(10));

    public NightlyJobSettings {
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (chunkSize < 1 || partitions < 1 || partitions > UserHashRange.BUCKETS || readAhead < 1) {
            throw new IllegalArgumentException(
                    "chunk size, partitions (at most " + UserHashRange.BUCKETS + ") and read-ahead must be positive");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive");
        }
    }
}
