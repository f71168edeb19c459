package io.kairos.app;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the {@link Doctor} from whatever PostgreSQL and Kafka the context is connected to. */
@Configuration(proxyBeanMethods = false)
class DoctorConfiguration {

    @Bean
    Doctor doctor(DataSource dataSource, KafkaClientBase kafka) {
        return new Doctor(dataSource, kafka.admin());
    }
}
