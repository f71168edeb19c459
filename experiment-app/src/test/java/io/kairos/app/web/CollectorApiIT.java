package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kairos serve --roles collector,stream} in this JVM on the test servers: what {@code POST /api/v1/events}
 * answers to good and bad requests, that what it accepts is archived and decided exactly as the same events produced
 * to Kafka, and that posting a body again changes nothing downstream.
 */
class CollectorApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration LIMIT = Duration.ofSeconds(60);
    static final int MAX_EVENTS = 5;
    static final int MAX_BODY_BYTES = 64 * 1024;

    static TestPostgres postgres;
    static TestKafka kafka;
    static ConfigurableApplicationContext served;
    static String activity;
    static String experimentKey;
    static String base;

    @BeforeAll
    static void serve() {
        postgres = TestServers.postgres().freshDatabase("collector_api");
        kafka = TestServers.kafka();
        String suffix = Long.toString(System.nanoTime());
        activity = "collector-activity-" + suffix;
        experimentKey = "collector-" + suffix;
        served = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.COLLECTOR, ServeRole.STREAM),
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--kairos.kafka.activity-topic=" + activity,
                        "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                        "--kairos.kafka.decisions-topic=collector-decisions-" + suffix,
                        "--kairos.kafka.partitions=2",
                        "--kairos.streaming.experiment-key=" + experimentKey,
                        "--kairos.streaming.heartbeat-interval=1s",
                        "--kairos.collector.max-events=" + MAX_EVENTS,
                        "--kairos.collector.max-body-bytes=" + MAX_BODY_BYTES));
        served.getBean(StreamingPipeline.class).start();
        base = "http://localhost:" + ServeCommand.port(served);
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    static String event(String type, String userId, Instant occurredAt, String properties) {
        int version = type.equals("feature_used") ? 1 : 2;
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + userId + "\",\"type\":\"" + type
                + "\",\"occurredAt\":\"" + occurredAt + "\",\"schemaVersion\":" + version + ",\"properties\":"
                + properties + "}";
    }

    static String pageView(String userId, String url) {
        return event(
                "page_view", userId, Instant.now().minusSeconds(1), "{\"url\":" + JSON.writeValueAsString(url) + "}");
    }

    static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String body) throws Exception {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static String deep(int levels) {
        return "{\"events\":" + "[".repeat(levels) + "]".repeat(levels) + "}";
    }

    static Stream<Arguments> badRequests() {
        Instant now = Instant.now();
        String ok = pageView("bad-request-user", "/home");
        List<String> tooMany = IntStream.rangeClosed(0, MAX_EVENTS)
                .mapToObj(i -> pageView("u" + i, "/p"))
                .toList();
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", bytes("{\"eventId\": "), 400, "not-json"),
                Arguments.of("an empty body", "application/json", bytes(""), 400, "not-json"),
                Arguments.of(
                        "a wrong type (url a number)",
                        "application/json",
                        bytes(ok.replace("\"/home\"", "42")),
                        400,
                        "schema-violation"),
                Arguments.of(
                        "an unknown event type",
                        "application/json",
                        bytes(ok.replace("\"page_view\"", "\"Page Viewed!\"")),
                        400,
                        "unknown-event-type"),
                Arguments.of(
                        "a missing user id",
                        "application/json",
                        bytes(ok.replace("\"userId\":\"bad-request-user\",", "")),
                        400,
                        "schema-violation"),
                Arguments.of(
                        "a timestamp a day in the future",
                        "application/json",
                        bytes(event("page_view", "u", now.plus(1, ChronoUnit.DAYS), "{\"url\":\"/\"}")),
                        400,
                        "invalid-event"),
                Arguments.of(
                        "an ancient timestamp",
                        "application/json",
                        bytes(event("page_view", "u", Instant.parse("1970-01-01T00:00:00Z"), "{\"url\":\"/\"}")),
                        400,
                        "invalid-event"),
                Arguments.of(
                        "a body over the size limit",
                        "application/json",
                        bytes("[" + pageView("u", "/" + "x".repeat(MAX_BODY_BYTES)) + "]"),
                        413,
                        "body-too-large"),
                Arguments.of(
                        "more events than a request may hold",
                        "application/json",
                        bytes("[" + String.join(",", tooMany) + "]"),
                        413,
                        "too-many-events"),
                Arguments.of("a wrong content type", "application/xml", bytes(ok), 415, "unsupported-media-type"),
                Arguments.of("no content type", null, bytes(ok), 415, "unsupported-media-type"),
                Arguments.of(
                        "a charset other than UTF-8",
                        "application/json; charset=ISO-8859-1",
                        bytes(ok),
                        415,
                        "unsupported-media-type"),
                Arguments.of("nesting 40 levels deep", "application/json", bytes(deep(40)), 400, "not-json"),
                Arguments.of(
                        "invalid UTF-8",
                        "application/json",
                        new byte[] {'[', '"', (byte) 0xFF, (byte) 0xFE, '"', ']'},
                        400,
                        "invalid-utf8"),
                Arguments.of(
                        "a NUL character in a text property",
                        "application/json",
                        bytes(pageView("u", "/a\u0000b")),
                        400,
                        "invalid-event"),
                Arguments.of(
                        "a raw control character in a string",
                        "application/json",
                        bytes(pageView("u\u0007", "/")),
                        400,
                        "not-json"),
                Arguments.of(
                        "an escaped control character in the user id",
                        "application/json",
                        bytes(pageView("u\\u0007", "/")),
                        400,
                        "invalid-event"),
                Arguments.of(
                        "a watermark record",
                        "application/json",
                        bytes("{\"type\":\"watermark\",\"schemaVersion\":1,\"watermark\":\"" + now + "\"}"),
                        400,
                        "invalid-watermark"),
                Arguments.of("an array of numbers", "application/json", bytes("[1, 2]"), 400, "not-json"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} → {3} {4}")
    @MethodSource("badRequests")
    void givenABadRequest_whenPosted_thenItIsRefusedWithAStatusAndAReasonAndTheServiceGoesOn(
            String what, String contentType, byte[] body, int status, String reason) throws Exception {
        HttpResponse<String> response = post(contentType, body);

        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = JSON.readTree(response.body());
        if (answer.has("results")) {
            assertThat(answer.get("accepted").asInt()).isZero();
            for (JsonNode result : answer.get("results")) {
                assertThat(result.get("status").asText()).isEqualTo("rejected");
                assertThat(result.get("reason").asText()).isEqualTo(reason);
                assertThat(result.get("detail").asText()).isNotBlank();
            }
        } else {
            assertThat(answer.get("reason").asText()).isEqualTo(reason);
            assertThat(answer.get("error").asText()).isNotBlank();
        }
        assertThat(served.getBean(StreamingPipeline.class).failure()).isEmpty();
        assertThat(post(pageView("after-" + UUID.randomUUID(), "/still-up")).statusCode())
                .as("the next good event after " + what)
                .isEqualTo(202);
    }

    @Test
    void givenABatchWithAGoodAndABadEvent_whenPosted_then202NamesEachAndOnlyTheGoodOneIsArchived() throws Exception {
        String user = "batch-" + UUID.randomUUID();
        String good = pageView(user, "/'; drop table user_event; --");
        String bad = pageView(user, "/x").replace("\"schemaVersion\":2", "\"schemaVersion\":9");
        HttpResponse<String> response = post("text/plain;charset=UTF-8", bytes("[" + good + "," + bad + "]"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        assertThat(answer.get("results").get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(answer.get("results").get(1).get("reason").asText()).isEqualTo("unknown-schema-version");
        assertThat(awaitArchived(user, 1)).containsExactly("/'; drop table user_event; --");
    }

    @Test
    void givenABodyPostedTwice_whenBothAreAccepted_thenTheArchiveAndTheDecisionsHoldItOnce() throws Exception {
        String user = realtimeUser("twice");
        String body = "["
                + event(
                        "purchase",
                        user,
                        Instant.now().minusSeconds(10),
                        "{\"order_id\":\"o-1\",\"revenue\":600,\"currency\":\"EUR\"}")
                + "]";
        assertThat(post(body).statusCode()).isEqualTo(202);
        assertThat(awaitDecisions(user, 1)).hasSize(1);
        assertThat(post(body).statusCode()).isEqualTo(202);
        // A marker after the repeat: once it is archived, the repeat has been consumed too.
        String marker = pageView(user, "/marker");
        assertThat(post(marker).statusCode()).isEqualTo(202);
        awaitArchived(user, 2);
        assertThat(count("select count(*) from user_event where user_id = ?", user))
                .isEqualTo(2);
        assertThat(decisions(user)).hasSize(1);
    }

    @Test
    void givenTheSameEventsPostedAndProducedToKafka_whenDecided_thenTheDecisionsAreTheSame() throws Exception {
        String overHttp = realtimeUser("http");
        String overKafka = realtimeUser("kafka");
        Instant start = Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.SECONDS);
        List<UserEvent> http = scenario(overHttp, start);
        List<UserEvent> direct = scenario(overKafka, start);

        String body = "["
                + String.join(
                        ",",
                        http.stream()
                                .map(e -> new String(ActivityMessages.event(e), StandardCharsets.UTF_8))
                                .toList())
                + "]";
        assertThat(post(body).statusCode()).isEqualTo(202);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (UserEvent event : direct) {
                producer.send(new ProducerRecord<>(
                                activity, overKafka.getBytes(StandardCharsets.UTF_8), ActivityMessages.event(event)))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        // The purchases cross the spending alert's 500; the cart, 43 minutes old, is abandoned.
        List<String> fromHttp = awaitDecisions(overHttp, 2);
        List<String> fromKafka = awaitDecisions(overKafka, 2);
        assertThat(fromHttp).hasSize(2).isEqualTo(fromKafka);
    }

    /** Two purchases 45 minutes ago that together pass 500, then a cart left two minutes later. */
    static List<UserEvent> scenario(String user, Instant start) {
        return List.of(
                new UserEvent(UUID.randomUUID(), user, start, null, new EventProperties.Purchase("o-1", 300.0, "EUR")),
                new UserEvent(
                        UUID.randomUUID(),
                        user,
                        start.plus(Duration.ofMinutes(1)),
                        null,
                        new EventProperties.Purchase("o-2", 250.0, "EUR")),
                new UserEvent(
                        UUID.randomUUID(),
                        user,
                        start.plus(Duration.ofMinutes(2)),
                        null,
                        new EventProperties.AddToCart("p-1", 2, 30.0, "shoes")));
    }

    static String realtimeUser(String prefix) {
        Experiment experiment = Experiment.batchVersusRealtime(experimentKey, "kairos");
        return IntStream.range(0, 1000)
                .mapToObj(i -> prefix + "-" + UUID.randomUUID())
                .filter(id -> experiment.assign(id).arm().name().equals("realtime"))
                .findFirst()
                .orElseThrow();
    }

    /** Waits until {@code expected} events of {@code user} are archived; their urls (or types), oldest first. */
    static List<String> awaitArchived(String user, int expected) throws Exception {
        return await(
                "select coalesce(properties->>'url', event_type) from user_event where user_id = ?"
                        + " order by occurred_at, event_id",
                user,
                expected);
    }

    /** Waits until {@code expected} decisions of {@code user} are recorded; each without its ids and user. */
    static List<String> awaitDecisions(String user, int expected) throws Exception {
        return await(
                "select campaign_id || '|' || arm || '|' || mode || '|' || status || '|' || channel || '|' || payload"
                        + " || '|' || coalesce(offer, '') || '|' || coalesce(suppression_guard, '')"
                        + " from decision where user_id = ? order by campaign_id",
                user,
                expected);
    }

    static List<String> decisions(String user) throws Exception {
        return query("select campaign_id from decision where user_id = ? order by campaign_id", user);
    }

    static List<String> await(String sql, String user, int expected) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<String> rows = query(sql, user);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rows = query(sql, user);
        }
        assertThat(rows).as(sql + " for " + user).hasSizeGreaterThanOrEqualTo(expected);
        return rows;
    }

    static long count(String sql, String user) throws Exception {
        return Long.parseLong(query(sql, user).get(0));
    }

    static List<String> query(String sql, String user) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }
}
