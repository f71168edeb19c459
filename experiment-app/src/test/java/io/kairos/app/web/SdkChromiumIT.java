package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.Role;
import io.kairos.persistence.store.PostgresApiKeyStore;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The browser SDK in real headless Chromium: a shop's page on another origin loads {@code /sdk/kairos.js} from
 * {@code kairos serve} with an ingest key, tracks anonymously, identifies the user, sends a batch with fetch and the
 * rest with sendBeacon on page hide; every event reaches the archive under the right user id with the eventId the
 * SDK gave it. Skipped when no Chromium is installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class SdkChromiumIT {

    static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path profile;

    @Test
    void givenAShopPageUsingTheSdk_whenChromiumRunsIt_thenEveryEventArrivesUnderTheRightUser() throws Exception {
        Path chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        TestPostgres postgres = TestServers.postgres().freshDatabase("sdk_chromium");
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        String key = new ApiKeys(
                        new PostgresApiKeyStore(
                                DSL.using(postgres.jdbcUrl(), postgres.username(), postgres.password())),
                        Clock.systemUTC())
                .issue("shop", Role.INGEST)
                .secret();
        HttpServer shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String suffix = Long.toString(System.nanoTime());
        String activity = "sdk-activity-" + suffix;
        String shopOrigin = "http://localhost:" + shop.getAddress().getPort();
        try (ConfigurableApplicationContext served = ServeCommand.start(
                0,
                EnumSet.of(ServeRole.COLLECTOR, ServeRole.STREAM),
                List.of(
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestServers.kafka().bootstrapServers(),
                        "--kairos.kafka.activity-topic=" + activity,
                        "--kairos.kafka.dead-letter-topic=" + activity + ".dlq",
                        "--kairos.kafka.decisions-topic=sdk-decisions-" + suffix,
                        "--kairos.streaming.experiment-key=sdk-" + suffix,
                        "--kairos.security.allowed-origins=" + shopOrigin))) {
            served.getBean(StreamingPipeline.class).start();
            String page = page("http://127.0.0.1:" + ServeCommand.port(served) + "/sdk/kairos.js", key);
            shop.createContext("/", exchange -> {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            shop.start();

            String dom = HeadlessChromium.renderedDom(chromium, profile, shopOrigin + "/");

            assertThat(dom).as(dom).contains("data-state=\"sent\"");
            String anonymous = attribute(dom, "data-anonymous");
            List<String> ids = List.of(attribute(dom, "data-ids").split(","));
            assertThat(ids).hasSize(4).doesNotHaveDuplicates();
            assertThat(anonymous).matches("[0-9a-f-]{36}");
            List<String> archived = awaitArchived(postgres, ids);
            assertThat(archived)
                    .containsExactlyInAnyOrder(
                            ids.get(0) + "|" + anonymous + "|page_view|/checkout",
                            ids.get(1) + "|shopper-42|identify|" + anonymous,
                            ids.get(2) + "|shopper-42|add_to_cart|p-1",
                            ids.get(3) + "|shopper-42|feature_used|search");
        } finally {
            shop.stop(0);
        }
    }

    /** The shop's page: three events sent by fetch in one batch, the fourth by sendBeacon when the page hides. */
    static String page(String sdk, String key) {
        return """
                <!doctype html>
                <html><body data-state="loading">
                <script src="%s" data-key="%s"></script>
                <script>
                  kairos.reset();
                  kairos.init({ flushInterval: 60000 });
                  var ids = [];
                  var anonymous = kairos.userId();
                  ids.push(kairos.track("page_view", { url: "/checkout" }));
                  ids.push(kairos.identify("shopper-42"));
                  ids.push(kairos.track("add_to_cart", { product_id: "p-1", quantity: 1, unit_price: 19.9 }));
                  kairos.flush().then(function () {
                    var sentByFetch = kairos.pending() === 0;
                    ids.push(kairos.track("feature_used", { feature: "search" }));
                    window.dispatchEvent(new Event("pagehide"));
                    document.body.setAttribute("data-anonymous", anonymous);
                    document.body.setAttribute("data-ids", ids.join(","));
                    document.body.setAttribute("data-state", sentByFetch && kairos.pending() === 0 ? "sent" : "stuck");
                  });
                </script>
                </body></html>
                """.formatted(sdk, key);
    }

    static String attribute(String dom, String name) {
        Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertThat(matcher.find()).as(name + " in " + dom).isTrue();
        return matcher.group(1);
    }

    /** Waits until every event id is archived; each as id|user|type|its first property. */
    static List<String> awaitArchived(TestPostgres postgres, List<String> ids) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = archived(postgres, ids);
            if (rows.size() >= ids.size()) {
                break;
            }
            Thread.sleep(200);
        }
        return rows;
    }

    static List<String> archived(TestPostgres postgres, List<String> ids) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                PreparedStatement statement = connection.prepareStatement("select event_id || '|' || user_id || '|'"
                        + " || event_type || '|' || coalesce(properties->>'url', properties->>'anonymous_id',"
                        + " properties->>'product_id', properties->>'feature') from user_event"
                        + " where event_id = any (?::uuid[])")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
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
