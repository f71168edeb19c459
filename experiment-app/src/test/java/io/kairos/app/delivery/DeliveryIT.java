package io.kairos.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.delivery.webhook.WebhookSignature;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.out.DeliveryLog;
import io.kairos.streaming.wire.DecisionMessages;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The delivery role of {@code serve} on the test Kafka and PostgreSQL: decisions published to the decisions topic (in
 * the publisher's own format) reach a webhook receiver signed, once per decision whatever the retries and re-reads,
 * not before their send time, and dead after the last attempt; in-app messages reach a WebSocket client at once when
 * it is connected, on connection when it was not, are sent only once a client acknowledges them, and expire unsent
 * after their time to live.
 */
class DeliveryIT {

    static final String SECRET = "whsec-delivery-test";
    /** A sixth of the claim's lease (kairos.delivery.lease, 60 s by default): what comes sooner did not wait for it. */
    static final Duration WELL_BEFORE_THE_LEASE = Duration.ofSeconds(10);

    static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([0-9a-f-]{36})\"");

    HttpServer receiver;
    final Map<String, List<Instant>> received = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    String suffix;
    ConfigurableApplicationContext served;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/email", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!WebhookSignature.verify(
                    SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body,
                    Instant.now(),
                    WebhookSignature.DEFAULT_TOLERANCE)) {
                badSignatures.add(key);
            }
            received.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
            AtomicInteger failures = failFirst.get(key);
            int status = failures != null && failures.getAndDecrement() > 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.createContext("/push", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            received.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.start();
        suffix = Long.toString(System.nanoTime());
        TestPostgres postgres = TestServers.postgres().freshDatabase("delivery");
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
        served = ServeCommand.start(
                0,
                java.util.EnumSet.of(ServeRole.DELIVERY),
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestServers.kafka().bootstrapServers(),
                        "--kairos.kafka.activity-topic=dlv-activity-" + suffix,
                        "--kairos.kafka.dead-letter-topic=dlv-activity-" + suffix + ".dlq",
                        "--kairos.kafka.decisions-topic=dlv-decisions-" + suffix,
                        "--kairos.delivery.group=dlv-" + suffix,
                        "--kairos.delivery.retry-base=50ms",
                        "--kairos.delivery.retry-cap=200ms",
                        "--kairos.delivery.max-attempts=3",
                        "--kairos.delivery.campaign-time-to-live.short_lived=2s",
                        "--kairos.delivery.webhooks.email.url=" + hooks + "/email",
                        "--kairos.delivery.webhooks.email.secret=" + SECRET,
                        "--kairos.delivery.webhooks.push.url=" + hooks + "/push",
                        "--kairos.delivery.webhooks.push.secret=" + SECRET));
        served.getBean(DeliveryService.class).start();
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
        receiver.stop(0);
    }

    static Decision decision(String campaign, String user, Channel channel, Instant deliverAt) {
        return new Decision(
                UUID.randomUUID(),
                "exp",
                campaign,
                user,
                "realtime",
                Mode.REALTIME,
                UUID.randomUUID(),
                deliverAt.minusSeconds(60),
                deliverAt,
                deliverAt,
                deliverAt,
                null,
                channel,
                "Hello " + user,
                "CODE",
                null,
                false,
                0);
    }

    void publish(Decision... decisions) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestServers.kafka().bootstrapServers(),
                "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class))) {
            for (Decision decision : decisions) {
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        "dlv-decisions-" + suffix, decision.userId(), DecisionMessages.of(decision, Instant.now()));
                record.headers()
                        .add(new RecordHeader(
                                DecisionMessages.DECISION_ID_HEADER,
                                decision.id().toString().getBytes(StandardCharsets.UTF_8)));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The delivery's status now. */
    DeliveryStatus status(Decision decision) {
        return served.getBean(DeliveryLog.class)
                .find(decision.id(), decision.channel())
                .orElseThrow()
                .status();
    }

    Delivery awaitFinal(Decision decision) throws InterruptedException {
        DeliveryLog log = served.getBean(DeliveryLog.class);
        return await(
                () -> log.find(decision.id(), decision.channel()).filter(d -> d.status() != DeliveryStatus.PENDING),
                "a final state for " + decision.campaignId());
    }

    static <T> T await(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        return await(probe, what, Duration.ofSeconds(60));
    }

    static <T> T await(Supplier<Optional<T>> probe, String what, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + limit);
    }

    @Test
    void givenAReceiverFailingTwice_whenAMessageIsRetried_thenItArrivesSignedAndIsLoggedSentOnce() throws Exception {
        Decision email = decision("test_campaign", "u-email", Channel.EMAIL, Instant.now());
        failFirst.put(email.id().toString(), new AtomicInteger(2));

        publish(email);
        Delivery sent = awaitFinal(email);

        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(received.get(email.id().toString()))
                .as("two 503s, then the 200")
                .hasSize(3);
        assertThat(badSignatures).isEmpty();

        publish(email); // the topic read again, as after a restart
        Thread.sleep(1_500);
        assertThat(received.get(email.id().toString())).as("nothing sent twice").hasSize(3);
        assertThat(served.getBean(DeliveryLog.class).countByStatus()).containsEntry(DeliveryStatus.SENT, 1L);
    }

    @Test
    void givenAReceiverThatAlwaysFails_whenTheAttemptsAreUsedUp_thenDeadWithTheLastError() throws Exception {
        Decision push = decision("test_campaign", "u-push", Channel.PUSH, Instant.now());

        publish(push);
        Delivery dead = awaitFinal(push);

        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.reason()).startsWith("HTTP 500").contains("after 3 attempts to http://127.0.0.1:");
        assertThat(received.get(push.id().toString())).hasSize(3);
    }

    @Test
    void givenABatchDecisionForLater_whenItsSendTimeComes_thenItIsSentThenAndNotBefore() throws Exception {
        Instant sendTime = Instant.now().plusSeconds(3);
        Decision later = decision("test_campaign", "u-later", Channel.EMAIL, sendTime);

        publish(later);
        Delivery sent = awaitFinal(later);

        assertThat(received.get(later.id().toString())).hasSize(1);
        assertThat(received.get(later.id().toString()).get(0)).isAfterOrEqualTo(sendTime);
        assertThat(sent.sentAt()).isAfterOrEqualTo(sendTime);
    }

    @Test
    void givenAChannelWithoutAWebhook_whenItsMessageComes_thenDeadNamingTheSetting() throws Exception {
        Decision sms = decision("test_campaign", "u-sms", Channel.SMS, Instant.now());

        publish(sms);

        assertThat(awaitFinal(sms).reason()).contains("kairos.delivery.webhooks.sms.url");
    }

    @Test
    void givenInAppClients_whenMessagesAreDecided_thenConnectedOnesGetThemAtOnceAndLateOnesOnConnecting()
            throws Exception {
        Frames online = new Frames();
        WebSocket socket = connect("u-online", online);
        Decision now = decision("test_campaign", "u-online", Channel.IN_APP, Instant.now());
        Decision waiting = decision("test_campaign", "u-offline", Channel.IN_APP, Instant.now());
        Decision expired = decision("short_lived", "u-gone", Channel.IN_APP, Instant.now());

        publish(now, waiting, expired);
        String frame = online.await();
        assertThat(frame)
                .startsWith("{\"type\":\"message\",\"message\":{")
                .contains(now.id().toString());
        assertThat(awaitFinal(now).status()).isEqualTo(DeliveryStatus.SENT);
        Thread.sleep(500);
        assertThat(status(waiting)).as("kept for its user").isEqualTo(DeliveryStatus.PENDING);

        Frames late = new Frames();
        WebSocket second = connect("u-offline", late);
        assertThat(late.await()).contains(waiting.id().toString());
        assertThat(awaitFinal(expired).status()).as("its user never came").isEqualTo(DeliveryStatus.EXPIRED);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        second.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void givenAPageThatNeverAcknowledges_whenItsUserOpensAnotherPage_thenTheMessageIsWrittenAgainAndSentOnItsAck()
            throws Exception {
        Frames gone = Frames.withoutAcknowledging();
        WebSocket stale = connect("u-stale", gone);
        Decision offer = decision("test_campaign", "u-stale", Channel.IN_APP, Instant.now());

        publish(offer);
        assertThat(gone.await()).contains(offer.id().toString());
        Thread.sleep(500);
        assertThat(status(offer)).as("written but not acknowledged: not sent").isEqualTo(DeliveryStatus.PENDING);

        Frames open = new Frames();
        WebSocket fresh = connect("u-stale", open);
        assertThat(open.await(WELL_BEFORE_THE_LEASE))
                .as("written again to the new page, long before the claim's lease ends")
                .contains(offer.id().toString());
        Delivery sent = awaitFinal(offer);
        assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
        stale.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        fresh.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void givenAnAcknowledgementOfAnotherUsersMessage_whenSent_thenThatMessageStaysPendingAndTheClientIsTold()
            throws Exception {
        Frames victimsOldPage = Frames.withoutAcknowledging();
        WebSocket old = connect("u-victim", victimsOldPage);
        Decision theirs = decision("test_campaign", "u-victim", Channel.IN_APP, Instant.now());
        publish(theirs);
        assertThat(victimsOldPage.await()).contains(theirs.id().toString());
        Frames intruder = new Frames();
        WebSocket socket = connect("u-intruder", intruder);

        socket.sendText("{\"type\":\"ack\",\"decisionId\":\"" + theirs.id() + "\"}", true)
                .join();
        socket.sendText("hello", true).join();

        assertThat(intruder.await()).startsWith("{\"type\":\"error\"").contains("ack");
        assertThat(status(theirs)).isEqualTo(DeliveryStatus.PENDING);
        Frames victimsNewPage = new Frames();
        WebSocket fresh = connect("u-victim", victimsNewPage);
        assertThat(victimsNewPage.await(WELL_BEFORE_THE_LEASE))
                .as("still written again at once when its own user opens a page")
                .contains(theirs.id().toString());
        assertThat(awaitFinal(theirs).status()).isEqualTo(DeliveryStatus.SENT);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        old.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        fresh.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void givenAHandshakeWithoutAUser_whenConnecting_thenRefusedWith400() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + ServeCommand.port(served) + "/api/v1/inbox"), new Frames())
                .join());

        assertThat(refused).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        var response = ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(400);
    }

    WebSocket connect(String user, Frames frames) {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://localhost:" + ServeCommand.port(served) + "/api/v1/inbox?user=" + user),
                        frames)
                .join();
    }

    /** Collects the text frames a client receives, and acknowledges each message as the SDK does. */
    static class Frames implements WebSocket.Listener {
        final List<String> texts = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        /** A client that receives and never acknowledges: a page closed or cut off before the server knew. */
        static Frames withoutAcknowledging() {
            return new Frames() {
                @Override
                void acknowledge(WebSocket webSocket, String frame) {}
            };
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                texts.add(frame);
                acknowledge(webSocket, frame);
            }
            webSocket.request(1);
            return null;
        }

        void acknowledge(WebSocket webSocket, String frame) {
            Matcher id = DECISION_ID.matcher(frame);
            if (frame.startsWith("{\"type\":\"message\"") && id.find()) {
                String ack = "{\"type\":\"ack\",\"decisionId\":\"" + id.group(1) + "\"}";
                // one send at a time on a JDK WebSocket
                sending = sending.thenCompose(previous -> webSocket.sendText(ack, true));
            }
        }

        String await() throws InterruptedException {
            return await(Duration.ofSeconds(60));
        }

        String await(Duration limit) throws InterruptedException {
            return DeliveryIT.await(
                    () -> texts.isEmpty() ? Optional.empty() : Optional.of(texts.get(0)), "frame", limit);
        }
    }
}
