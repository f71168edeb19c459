package io.kairos.domain.decision.engine;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.event.Channel;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through the engine with the default campaigns, streaming-style (one event at a time, the
 * watermark advancing every 1,000 events), against two baselines over the same events in the same run: the state
 * fold alone (load, apply, save) and a bare pass over the events.
 *
 * <p>A simulated day of {@link #DAY_EVENTS} events from {@link #USERS} users is replayed in slices of {@link #SLICE}
 * events per invocation; state carries over from slice to slice and starts empty again with each new day, so every
 * measurement sees realistic per-user history.
 *
 * <p>Run: {@code mvn -o -q -pl domain -Pjmh test-compile exec:exec} (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {

    /** Events in one simulated day. */
    static final int DAY_EVENTS = 200_000;

    /** Events per invocation; each benchmark reports events per second. */
    static final int SLICE = 10_000;

    private static final int USERS = 20_000;
    private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");

    private List<UserEvent> events;
    private CampaignCatalog catalog;
    private Retention retention;
    private Experiment experiment;
    private CampaignEngine engine;
    private Map<String, UserState> foldStates;
    private int cursor;

    /** A day of a realistic mix: browsing dominates, a few carts, fewer purchases, custom app and video events. */
    @Setup(Level.Trial)
    public void generateEvents() {
        catalog = CampaignFile.defaults();
        retention = catalog.retention();
        experiment = Experiment.batchVersusRealtime("bench", "salt");
        Random random = new Random(42);
        events = new ArrayList<>(DAY_EVENTS);
        long dayMillis = Duration.ofDays(1).toMillis();
        for (int i = 0; i < DAY_EVENTS; i++) {
            Instant at = START.plusMillis(dayMillis * i / DAY_EVENTS);
            String user = "user-" + random.nextInt(USERS);
            events.add(
                    new UserEvent(new UUID(random.nextLong(), random.nextLong()), user, at, null, properties(random)));
        }
    }

    private static EventProperties properties(Random random) {
        int roll = random.nextInt(100);
        String product = "p-" + random.nextInt(500);
        if (roll < 30) {
            return new EventProperties.PageView("/c/" + random.nextInt(50), null);
        }
        if (roll < 55) {
            return new EventProperties.ProductView(product, random.nextInt(5) == 0 ? "sale" : "regular", 19.9);
        }
        if (roll < 65) {
            return new EventProperties.AddToCart(product, 1 + random.nextInt(2), 5 + random.nextInt(200), null);
        }
        if (roll < 67) {
            return new EventProperties.RemoveFromCart(product, 1);
        }
        if (roll < 71) {
            return new EventProperties.CheckoutStarted(null);
        }
        if (roll < 74) {
            return new EventProperties.Purchase("o-" + random.nextInt(1_000_000), 20 + random.nextInt(400), "EUR");
        }
        if (roll < 84) {
            return new EventProperties.Custom("feature_used", Map.of("feature", "f" + random.nextInt(8)));
        }
        if (roll < 90) {
            return new EventProperties.Custom(
                    "video_paused", Map.of("pause_seconds", (double) random.nextInt(1200), "title", "Episode"));
        }
        if (roll < 96) {
            return new EventProperties.MessageOpened("m-" + random.nextInt(1000));
        }
        if (roll < 97) {
            return new EventProperties.ConsentChanged(Channel.SMS, true);
        }
        return new EventProperties.MessageClicked("m-" + random.nextInt(1000));
    }

    /** Moves to the next slice; at the start of each replayed day, empty stores. */
    @Setup(Level.Invocation)
    public void nextSlice() {
        cursor = cursor + SLICE >= DAY_EVENTS || engine == null ? 0 : cursor + SLICE;
        if (cursor == 0) {
            freshStores();
        }
    }

    /** Empty stores and a new engine over them. */
    void freshStores() {
        engine = new CampaignEngine(
                catalog,
                experiment,
                new EngineSettings(Duration.ofMinutes(1), ZoneOffset.UTC),
                new InMemoryUserStateStore(),
                new InMemoryTimerStore());
        foldStates = new HashMap<>();
    }

    /** The engine: fold, timers, triggers, audiences, assignment, guards, decisions. */
    @Benchmark
    @OperationsPerInvocation(SLICE)
    public void engine(Blackhole hole) {
        for (int i = cursor; i < cursor + SLICE; i++) {
            UserEvent event = events.get(i);
            hole.consume(engine.onEvent(event));
            if (i % 1_000 == 999) {
                hole.consume(engine.onWatermark(event.occurredAt()));
            }
        }
    }

    /** Baseline: the state fold alone, with a hash-map load and save per event. */
    @Benchmark
    @OperationsPerInvocation(SLICE)
    public void foldOnly(Blackhole hole) {
        for (int i = cursor; i < cursor + SLICE; i++) {
            UserEvent event = events.get(i);
            UserState state = foldStates.get(event.userId());
            if (state == null) {
                state = UserState.empty(event.userId());
            }
            foldStates.put(event.userId(), state.apply(event, retention));
        }
        hole.consume(foldStates.size());
    }

    /** Baseline: touching every event once (the cost floor of iterating the log). */
    @Benchmark
    @OperationsPerInvocation(SLICE)
    public void passOverEvents(Blackhole hole) {
        for (int i = cursor; i < cursor + SLICE; i++) {
            UserEvent event = events.get(i);
            hole.consume(event.type());
            hole.consume(event.userId());
        }
    }
}
