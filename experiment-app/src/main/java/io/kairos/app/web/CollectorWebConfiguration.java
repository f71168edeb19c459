package io.kairos.app.web;

import io.kairos.app.KafkaClientBase;
import io.kairos.app.KairosProperties;
import io.kairos.app.streaming.StreamingProperties;
import io.kairos.domain.event.EventValidator;
import io.kairos.domain.port.in.EventCollector;
import io.kairos.http.collect.CollectorApi;
import io.kairos.http.collect.CollectorLimits;
import io.kairos.streaming.collect.KafkaEventCollector;
import io.kairos.streaming.consume.DeadLetterTopic;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.EventSchemas;
import io.kairos.streaming.wire.WatermarkPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP event collector's beans, added to the context by {@code kairos serve} with the {@code collector} role: an
 * idempotent producer with {@code acks=all} whose every wait is bounded by the acknowledgement timeout, the
 * consumer's own decoder (the same JSON Schemas and validator settings of {@code kairos.streaming.*}), and the
 * controller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CollectorProperties.class)
public class CollectorWebConfiguration {

    @Bean(destroyMethod = "close")
    KafkaProducer<byte[], byte[]> collectorProducer(KafkaClientBase kafka, CollectorProperties collector) {
        Map<String, Object> properties = kafka.producerFor(ByteArraySerializer.class, ByteArraySerializer.class);
        int timeout = (int) Math.min(Integer.MAX_VALUE, collector.ackTimeout().toMillis());
        // Nothing may block a request longer than the acknowledgement timeout: not the metadata of an unreachable
        // broker (max.block.ms), not a retried send (delivery.timeout.ms >= linger + request timeout).
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout / 2));
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "kairos-collector");
        return new KafkaProducer<>(properties);
    }

    @Bean
    EventCollector eventCollector(
            KafkaProducer<byte[], byte[]> collectorProducer,
            KairosProperties kairos,
            StreamingProperties streaming,
            CollectorProperties collector,
            ObjectProvider<MeterRegistry> registry) {
        EventDecoder decoder = new EventDecoder(
                EventSchemas.load(),
                new EventValidator(streaming.maxFutureSkew(), streaming.legacyCurrency()),
                streaming.maxRecordBytes(),
                new WatermarkPolicy(streaming.acceptWatermarks(), streaming.watermarkSecret()));
        return new KafkaEventCollector(
                decoder,
                collectorProducer,
                kairos.kafka().activityTopic(),
                new DeadLetterTopic(
                        collectorProducer,
                        kairos.kafka().deadLetterTopic(),
                        KafkaEventCollector.SOURCE,
                        streaming.deadLetterMaxBytes()),
                collector.maxEvents(),
                collector.ackTimeout(),
                registry.getIfAvailable(SimpleMeterRegistry::new),
                Clock.systemUTC());
    }

    @Bean
    CollectorApi collectorApi(EventCollector eventCollector, CollectorProperties collector) {
        return new CollectorApi(
                eventCollector,
                new CollectorLimits(collector.maxBodyBytes(), collector.requestsPerSecond(), collector.retryAfter()),
                Clock.systemUTC());
    }
}
