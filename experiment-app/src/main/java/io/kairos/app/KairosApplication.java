package io.kairos.app;

import io.kairos.app.report.ReportConfiguration;
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
    KafkaTopicsConfiguration.class,
    DoctorConfiguration.class,
    ReportConfiguration.class
})
public class KairosApplication {}
