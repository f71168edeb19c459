package io.kairos.app.delivery;

import io.kairos.app.KafkaClientBase;
import io.kairos.app.KairosProperties;
import io.kairos.app.security.SecurityProperties;
import io.kairos.app.streaming.StreamingConfiguration;
import io.kairos.app.streaming.StreamingProperties;
import io.kairos.delivery.feed.DecisionFeed;
import io.kairos.delivery.feed.DecisionRecords;
import io.kairos.delivery.inapp.InAppHub;
import io.kairos.delivery.inapp.InAppWebSocketHandler;
import io.kairos.delivery.inapp.UserIdentity;
import io.kairos.delivery.send.ChannelSender;
import io.kairos.delivery.send.DeliveryMetrics;
import io.kairos.delivery.send.Dispatcher;
import io.kairos.delivery.webhook.WebhookSender;
import io.kairos.domain.delivery.RetrySchedule;
import io.kairos.domain.event.Channel;
import io.kairos.domain.port.out.DeliveryLog;
import io.kairos.persistence.store.PostgresDeliveryLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Map.Entry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The delivery role of {@code kairos serve}: reads the decisions topic into the delivery log, sends the due messages
 * of each webhook channel configured under {@code kairos.delivery.webhooks.<channel>}, and serves in-app clients on
 * {@value InAppWebSocketHandler#PATH}. The campaigns are the stream's ({@code kairos.streaming.campaign-file}), for
 * their quiet hours and caps at sending.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(DeliveryProperties.class)
public class DeliveryConfiguration implements WebSocketConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    private final ObjectProvider<InAppWebSocketHandler> inApp;
    private final ObjectProvider<SecurityProperties> security;

    public DeliveryConfiguration(
            ObjectProvider<InAppWebSocketHandler> inApp, ObjectProvider<SecurityProperties> security) {
        this.inApp = inApp;
        this.security = security;
    }

    @Bean
    DeliveryLog deliveryLog(DSLContext db) {
        return new PostgresDeliveryLog(db);
    }

    @Bean
    DeliveryMetrics deliveryMetrics(ObjectProvider<MeterRegistry> registry, DeliveryLog deliveryLog) {
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder(
                        "kairos.delivery.pending",
                        deliveryLog,
                        l -> l.countByStatus().get(io.kairos.domain.delivery.DeliveryStatus.PENDING))
                .description("Messages recorded and not yet sent, suppressed, expired or dead")
                .baseUnit("messages")
                .register(meters);
        return new DeliveryMetrics(meters);
    }

    @Bean
    InAppHub inAppHub(
            DeliveryLog deliveryLog,
            StreamingProperties streaming,
            DeliveryProperties delivery,
            DeliveryMetrics metrics,
            ObjectProvider<MeterRegistry> registry) {
        InAppHub hub = new InAppHub(
                deliveryLog,
                StreamingConfiguration.campaigns(streaming),
                delivery.zone(),
                Clock.systemUTC(),
                metrics,
                delivery.inApp().pollInterval(),
                delivery.lease(),
                delivery.pageSize());
        Gauge.builder("kairos.delivery.in.app.connected", hub, InAppHub::connectedUsers)
                .description("Users with an in-app client connected to this process")
                .baseUnit("users")
                .register(registry.getIfAvailable(SimpleMeterRegistry::new));
        return hub;
    }

    @Bean
    InAppWebSocketHandler inAppWebSocketHandler(InAppHub hub, DeliveryProperties delivery) {
        return new InAppWebSocketHandler(hub, new UserIdentity(delivery.inApp().identitySecret()));
    }

    @Bean(destroyMethod = "close")
    DeliveryService deliveryService(
            DeliveryLog deliveryLog,
            DeliveryMetrics metrics,
            InAppHub hub,
            DeliveryProperties delivery,
            StreamingProperties streaming,
            KairosProperties kairos,
            KafkaClientBase kafka) {
        Map<Channel, ChannelSender> senders = senders(delivery);
        Dispatcher dispatcher = new Dispatcher(
                deliveryLog,
                senders,
                StreamingConfiguration.campaigns(streaming),
                delivery.zone(),
                new RetrySchedule(delivery.retryBase(), delivery.retryCap(), delivery.maxAttempts()),
                delivery.lease(),
                delivery.pageSize(),
                delivery.idleWait(),
                Clock.systemUTC(),
                metrics);
        Map<String, Object> consumer = kafka.consumerFor(delivery.group());
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kairos-delivery");
        Map<String, Duration> perCampaign = delivery.campaignTimeToLive();
        DecisionFeed feed = new DecisionFeed(
                new KafkaConsumer<>(consumer),
                kairos.kafka().decisionsTopic(),
                new DecisionRecords((campaign, channel) -> perCampaign.getOrDefault(campaign, delivery.timeToLive())),
                deliveryLog,
                metrics,
                Duration.ofMillis(500));
        return new DeliveryService(feed, dispatcher, hub);
    }

    /** The webhook sender of each configured channel; a bad entry stops the start with a sentence. */
    static Map<Channel, ChannelSender> senders(DeliveryProperties delivery) {
        Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
        for (Entry<String, DeliveryProperties.Webhook> entry :
                delivery.webhooks().entrySet()) {
            String name = entry.getKey();
            Channel channel = Channel.fromWireName(name)
                    .filter(c -> c != Channel.IN_APP)
                    .orElseThrow(() -> new IllegalArgumentException("kairos.delivery.webhooks." + name
                            + ": not a webhook channel; the channels are email, sms, push and webhook"));
            DeliveryProperties.Webhook webhook = entry.getValue();
            if (webhook.url() == null) {
                throw new IllegalArgumentException("kairos.delivery.webhooks." + name + ".url is missing");
            }
            if (webhook.secret() == null || webhook.secret().isBlank()) {
                throw new IllegalArgumentException("kairos.delivery.webhooks." + name
                        + ".secret is missing: every webhook is signed, and its receiver verifies the signature");
            }
            try {
                senders.put(
                        channel,
                        new WebhookSender(
                                webhook.url(),
                                webhook.secret(),
                                webhook.timeout(),
                                webhook.concurrency(),
                                Clock.systemUTC()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kairos.delivery.webhooks." + name + ": " + e.getMessage(), e);
            }
            log.info(
                    "delivery: {} messages go to {}", name, senders.get(channel).endpoint());
        }
        return senders;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        InAppWebSocketHandler handler = inApp.getObject();
        SecurityProperties properties = security.getIfAvailable();
        String[] origins =
                properties == null ? new String[0] : properties.allowedOrigins().toArray(String[]::new);
        registry.addHandler(handler, InAppWebSocketHandler.PATH)
                .addInterceptors(handler)
                .setAllowedOrigins(origins);
    }
}
