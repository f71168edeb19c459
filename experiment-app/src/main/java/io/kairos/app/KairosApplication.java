package io.kairos.app;

import io.kairos.app.batch.BatchConfiguration;
import io.kairos.app.report.ReportConfiguration;
import io.kairos.app.streaming.StreamingConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The Spring application context of every command: explicit configuration classes, no component scanning. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(KairosProperties.class)
@Import({
    EmbeddedInfrastructureConfiguration.class,
    ExperimentsConfiguration.class,
    KafkaClientConfiguration.class,
    KafkaTopicsConfiguration.class,
    DoctorConfiguration.class,
    StreamingConfiguration.class,
    BatchConfiguration.class,
    ReportConfiguration.class
})
public class KairosApplication {}
