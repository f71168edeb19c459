package io.kairos.batch;

import io.kairos.domain.port.out.UserHashRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** Splits the users into {@code gridSize} user-hash ranges, one worker step execution each. */
public final class UserHashPartitioner implements Partitioner {

    /** Execution-context key of a partition's first bucket. */
    public static final String FROM_BUCKET = "fromBucket";

    /** Execution-context key of the bucket after a partition's last one. */
    public static final String TO_BUCKET = "toBucket";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<UserHashRange> ranges = UserHashRange.split(gridSize);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(FROM_BUCKET, ranges.get(i).from());
            context.putInt(TO_BUCKET, ranges.get(i).to());
            partitions.put("users" + i, context);
        }
        return partitions;
    }
}
