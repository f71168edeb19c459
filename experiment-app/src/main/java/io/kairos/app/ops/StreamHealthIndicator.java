package io.kairos.app.ops;

import io.kairos.app.streaming.StreamingPipeline;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up when every started stream consumer has joined its group and nothing stopped on a failure; down before the
 * pipeline is started and while a consumer waits for its first assignment.
 */
final class StreamHealthIndicator implements HealthIndicator {

    private final StreamingPipeline pipeline;

    StreamHealthIndicator(StreamingPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Health health() {
        if (!pipeline.started()) {
            return Health.down()
                    .withDetail("error", "the stream has not started yet")
                    .build();
        }
        List<String> problems = pipeline.notReady();
        if (!problems.isEmpty()) {
            return Health.down()
                    .withDetail("error", String.join("; ", problems))
                    .build();
        }
        return Health.up()
                .withDetail("ownedPartitions", pipeline.ownedPartitions())
                .build();
    }
}
