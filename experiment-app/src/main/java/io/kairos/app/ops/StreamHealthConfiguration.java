package io.kairos.app.ops;

import io.kairos.app.streaming.StreamingPipeline;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stream consumers' health, in the context of a {@code serve} process with the {@code stream} role. */
@Configuration(proxyBeanMethods = false)
public class StreamHealthConfiguration {

    @Bean
    HealthIndicator streamHealthIndicator(StreamingPipeline pipeline) {
        return new StreamHealthIndicator(pipeline);
    }
}
