package io.kairos.app;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Builds the {@link Doctor} from whatever PostgreSQL and Kafka the context is connected to. */
@Configuration(proxyBeanMethods = false)
class DoctorConfiguration {

    @Bean
    Doctor doctor(DataSource dataSource, KafkaAdmin kafkaAdmin) {
        return new Doctor(dataSource, kafkaAdmin.getConfigurationProperties());
    }
}
