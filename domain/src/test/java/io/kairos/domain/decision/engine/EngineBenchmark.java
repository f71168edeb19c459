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
import java.util.Comparator;
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

    /**
     * A day of sessions: random users' sessions start at random times and hold 2 to 20 events a few seconds to two
     * minutes apart. A shopping session browses pages and products (a fifth of them on sale), may add to the cart,
     * and at its end buys (45%) or leaves; an app session uses features; a media session pauses videos (one pause in twenty lasts ten minutes or more). One event
     * in 40 is a message open or a consent change instead.
     */
    @Setup(Level.Trial)
    public void generateEvents() {
        catalog = CampaignFile.defaults();
        retention = catalog.retention();
        experiment = Experiment.batchVersusRealtime("bench", "salt");
        Random random = new Random(42);
        events = new ArrayList<>(DAY_EVENTS + 64);
        long dayMillis = Duration.ofDays(1).toMillis();
        while (events.size() < DAY_EVENTS) {
            String user = "user-" + random.nextInt(USERS);
            Instant at = START.plusMillis((long) (random.nextDouble() * dayMillis));
            int kind = random.nextInt(10);
            int length = 2 + random.nextInt(19);
            boolean carted = false;
            for (int i = 0; i < length; i++) {
                at = at.plusMillis(3_000 + random.nextInt(120_000));
                EventProperties properties;
                if (kind < 6) {
                    properties = shopping(random, i == length - 1, carted);
                    carted |= properties instanceof EventProperties.AddToCart;
                } else if (kind < 8) {
                    properties = new EventProperties.Custom("feature_used", Map.of("feature", "f" + random.nextInt(8)));
                } else {
                    properties = new EventProperties.Custom(
                            "video_paused", Map.of("pause_seconds", pauseSeconds(random), "title", "Episode " + i));
                }
                if (random.nextInt(40) == 0) {
                    properties = random.nextBoolean()
                            ? new EventProperties.MessageOpened("m-" + random.nextInt(1_000))
                            : new EventProperties.ConsentChanged(Channel.SMS, true);
                }
                events.add(new UserEvent(new UUID(random.nextLong(), random.nextLong()), user, at, null, properties));
            }
        }
        events.sort(Comparator.comparing(UserEvent::occurredAt));
        events = new ArrayList<>(events.subList(0, DAY_EVENTS));
    }

    /** Most pauses are short; one in twenty lasts ten minutes or more. */
    private static double pauseSeconds(Random random) {
        return random.nextInt(20) == 0 ? 600 + random.nextInt(1_800) : random.nextInt(300);
    }

    private static EventProperties shopping(Random random, boolean last, boolean carted) {
        String product = "p-" + random.nextInt(500);
        int roll = random.nextInt(100);
        if (last && carted) {
            return roll < 45
                    ? new EventProperties.Purchase("o-" + random.nextInt(1_000_000), 20 + random.nextInt(400), "EUR")
                    : new EventProperties.PageView("/cart", null);
        }
        if (carted && roll < 10) {
            return new EventProperties.CheckoutStarted(null);
        }
        if (roll < 40) {
            return new EventProperties.PageView("/c/" + random.nextInt(50), null);
        }
        if (roll < 85) {
            return new EventProperties.ProductView(product, random.nextInt(5) == 0 ? "sale" : "regular", 19.9);
        }
        if (roll < 95) {
            return new EventProperties.AddToCart(product, 1 + random.nextInt(2), 5 + random.nextInt(200), null);
        }
        return new EventProperties.RemoveFromCart(product, 1);
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
