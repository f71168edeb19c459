package io.kairos.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kairos.app.batch.NightlyScheduler;
import io.kairos.app.batch.NightlySchedulerThread;
import io.kairos.app.cli.ServeCommand;
import io.kairos.app.cli.ServeRole;
import io.kairos.app.delivery.DeliveryService;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo storefront in real headless Chromium against {@code serve --demo-store} on the test Kafka and
 * PostgreSQL: a real-time-arm shopper adds to the cart and waits; the real pipeline (collector, stream, timer,
 * outbox, decisions topic, delivery log, WebSocket) brings the offer onto the page, whose display comes back as a
 * {@code message_opened} event naming the decision. A batch-arm shopper doing the same in the same run gets no in-app
 * message from the real-time path (a ghost decision) and gets the offer from the nightly job instead, on the demo
 * store's accelerated schedule (a run every 30 s), never before the run's cut-off. The screenshots are kept in the
 * failsafe reports.
 */
class StoreChromiumIT {

    static final Duration OFFER_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void givenShoppersWhoLeaveTheCart_whenTheWaitPasses_thenRealtimeSeesTheOfferAtOnceAndBatchAtTheNextRun()
            throws Exception {
        Path chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        TestPostgres postgres = TestServers.postgres().freshDatabase("store");
        String suffix = Long.toString(System.nanoTime());
        String experimentKey = "store-" + suffix;
        List<String> arguments = ServeCommand.withDemoStore(List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers(),
                "--kairos.kafka.activity-topic=store-activity-" + suffix,
                "--kairos.kafka.dead-letter-topic=store-activity-" + suffix + ".dlq",
                "--kairos.kafka.decisions-topic=store-decisions-" + suffix,
                "--kairos.streaming.experiment-key=" + experimentKey,
                "--kairos.batch.experiment=" + experimentKey,
                "--kairos.delivery.group=store-delivery-" + suffix));
        assertThat(arguments)
                .filteredOn(a -> a.startsWith("--kairos.streaming.experiment-key="))
                .hasSize(1);
        Experiment experiment = Experiment.batchVersusRealtime(experimentKey, "kairos");
        String realtime = shopper(experiment, Mode.REALTIME, true);
        String batch = shopper(experiment, Mode.BATCH, false);

        try (ConfigurableApplicationContext served = ServeCommand.start(
                        0,
                        EnumSet.of(ServeRole.COLLECTOR, ServeRole.STREAM, ServeRole.BATCH, ServeRole.DELIVERY),
                        arguments);
                ChromiumDevTools browser = ChromiumDevTools.launch(chromium, work)) {
            served.getBean(StreamingPipeline.class).start();
            served.getBean(DeliveryService.class).start();
            try (NightlySchedulerThread nightly =
                    NightlySchedulerThread.start(served.getBean(NightlyScheduler.class), experimentKey)) {
                String store = "http://localhost:" + ServeCommand.port(served) + "/demo/store/index.html?user=";

                shop(browser, store + batch, batch);
                browser.evaluate("kairos.flush()");
                shop(browser, store + realtime, realtime);

                boolean shown = browser.awaitTrue("!document.getElementById('offer').hidden", OFFER_LIMIT);
                browser.screenshot(Path.of("target", "failsafe-reports", "store-offer-realtime.png"));
                assertThat(shown)
                        .as("the offer appeared within %s; %s", OFFER_LIMIT, state(postgres))
                        .isTrue();
                assertThat(browser.evaluate("document.getElementById('offer-text').textContent")
                                .asString())
                        .contains("FREESHIP", "Your 1 items worth");
                String decisionId = browser.evaluate("document.getElementById('offer').dataset.decisionId")
                        .asString();
                browser.evaluate("kairos.flush()");

                assertThat(awaitRow(
                                postgres,
                                "select count(*) from user_event where event_type = 'message_opened'"
                                        + " and user_id = ? and properties->>'message_id' = ?",
                                realtime,
                                decisionId))
                        .as("the display came back through the collector")
                        .isEqualTo(1);
                assertThat(awaitRow(
                                postgres,
                                "select count(*) from delivery where channel = 'in_app'"
                                        + " and status = 'sent' and user_id = ? and decision_id::text = ?",
                                realtime,
                                decisionId))
                        .isEqualTo(1);
                assertThat(awaitRow(
                                postgres,
                                "select count(*) from decision where user_id = ? and mode = 'realtime'" + " and ghost",
                                batch))
                        .as("the batch shopper's real-time decision is a ghost")
                        .isEqualTo(1);
                assertThat(count(
                                postgres,
                                // a decision's id is the same in both modes (parity): a delivery is the batch
                                // decision's when the batch decision with its id is not a ghost
                                "select count(*) from delivery d where d.user_id = ? and not exists (select 1"
                                        + " from decision x where x.decision_id = d.decision_id"
                                        + " and x.mode = 'batch' and not x.ghost)",
                                batch))
                        .as("and nothing is delivered to them in real time")
                        .isZero();

                browser.navigate(store + batch);
                boolean batchShown = browser.awaitTrue("!document.getElementById('offer').hidden", OFFER_LIMIT);
                browser.screenshot(Path.of("target", "failsafe-reports", "store-offer-batch.png"));
                assertThat(batchShown)
                        .as("the batch offer appeared within %s; %s", OFFER_LIMIT, state(postgres))
                        .isTrue();
                String batchDecision = browser.evaluate("document.getElementById('offer').dataset.decisionId")
                        .asString();
                assertThat(count(
                                postgres,
                                "select count(*) from decision join delivery using (decision_id)"
                                        + " where decision.user_id = ? and decision_id::text = ? and mode = 'batch'"
                                        + " and not ghost and delivery.status = 'sent'"
                                        + " and delivery.sent_at >= decision.planned_delivery_at"
                                        + " and decision.planned_delivery_at = date_bin(?::interval,"
                                        + " decision.planned_delivery_at, timestamptz '1970-01-01 00:00:00+00')"
                                        + " and decision.planned_delivery_at > decision.trigger_at",
                                batch,
                                batchDecision,
                                ServeCommand.STORE_BATCH_PERIOD.toSeconds() + " seconds"))
                        .as(
                                "the offer is the batch decision, sent at or after its run's cut-off, a multiple of the"
                                        + " demo period after the trigger; %s",
                                state(postgres))
                        .isEqualTo(1);
                assertThat(nightly.failure()).as("the nightly schedule runs on").isEmpty();
            }
        }
    }

    /** Opens the store as {@code user} and adds the mug to the cart. */
    static void shop(ChromiumDevTools browser, String url, String user) throws Exception {
        browser.navigate(url);
        assertThat(browser.awaitTrue(
                        "document.getElementById('user').textContent === '" + user + "'", Duration.ofSeconds(30)))
                .as("the store shows its shopper")
                .isTrue();
        browser.evaluate("document.getElementById('add-mug-01').click()");
    }

    /** The first user id of the form shopper-N whose arm acts in {@code mode} (and, for batch, not in real time). */
    static String shopper(Experiment experiment, Mode mode, boolean realtimeToo) {
        for (int i = 0; ; i++) {
            String user = "shopper-" + i;
            var arm = experiment.assign(user).arm();
            if (arm.actsIn().contains(mode) && arm.actsIn().contains(Mode.REALTIME) == realtimeToo) {
                return user;
            }
        }
    }

    /** What the database holds, for a failure's message. */
    static String state(TestPostgres postgres) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = postgres.connect()) {
            for (String sql : List.of(
                    "select user_id || ' ' || event_type || ' ' || occurred_at from user_event order by occurred_at",
                    "select user_id || ' ' || mode || ' ' || status || ' ' || decided_at from decision",
                    "select user_id || ' ' || due_at from pending_timer",
                    "select user_id || ' ' || channel || ' ' || status || ' ' || coalesce(reason, '') from delivery")) {
                text.append("\n")
                        .append(sql.replaceAll(" \\|\\|.*from", " ... from"))
                        .append(':');
                try (PreparedStatement statement = connection.prepareStatement(sql);
                        ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        text.append("\n  ").append(rows.getString(1));
                    }
                }
            }
        }
        return text.toString();
    }

    static long awaitRow(TestPostgres postgres, String sql, String... binds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long found = 0;
        while (System.nanoTime() < deadline) {
            found = count(postgres, sql, binds);
            if (found > 0) {
                return found;
            }
            Thread.sleep(200);
        }
        return found;
    }

    static long count(TestPostgres postgres, String sql, String... binds) throws Exception {
        try (Connection connection = postgres.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                statement.setString(i + 1, binds[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
