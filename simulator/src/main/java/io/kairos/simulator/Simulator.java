package io.kairos.simulator;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.experiment.Experiment;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The closed loop: generates the population's behaviour window by window in virtual time, hands each window's events
 * to a {@link SimulationDriver}, and schedules each user's reactions to the decisions delivered, strictly after their
 * delivery and never inside a window already handed over. The model is documented in {@code docs/simulation.md}.
 *
 * <p>Reproducible: every user draws from their own seeded streams (one for behaviour, one for responses), and steps
 * run in the order (time, user, step number), so results depend on the seed and the parameters only.
 */
public final class Simulator {

    /** Spending-alert preset: the 24-hour spend that opens an intent, as in campaign {@code spending_alert}. */
    static final double SPENDING_THRESHOLD = 500;

    /** Flash-sale preset: sale views within an hour that open an intent, as in campaign {@code flash_sale_sms}. */
    static final int SALE_VIEWS = 3;

    /** Onboarding preset: feature uses within seven days that open an intent, as in {@code onboarding_upsell}. */
    static final int FEATURE_USES = 5;

    /** Onboarding preset: how long a user stays new, as in segment {@code new_user}. */
    static final Duration NEW_USER = Duration.ofDays(14);

    /** Watch-time preset: the pause that opens an intent, as in campaign {@code watch_time_nudge}. */
    static final int LONG_PAUSE_SECONDS = 600;

    private static final long HOUR = 3_600_000L;
    private static final List<String> CATEGORIES = List.of("home", "fashion", "electronics", "beauty", "sports");
    private static final List<String> FEATURES = List.of("reports", "export", "dashboards", "sharing", "automation");
    private static final List<String> TITLES = List.of("The Long Night", "Tidal", "Northbound", "Glasswork");

    private final SimulationParameters parameters;

    /** A simulator for one set of parameters. */
    public Simulator(SimulationParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    /** Runs the whole loop against {@code driver}, which must be fresh. */
    public SimulationResult run(SimulationDriver driver) {
        return run(driver, SimulationProgress.NONE);
    }

    /** Runs the whole loop against {@code driver}, which must be fresh, telling {@code progress} after each window. */
    public SimulationResult run(SimulationDriver driver, SimulationProgress progress) {
        return new Run(parameters, driver, progress).execute();
    }

    /** A step of one user's behaviour, run at its time. */
    private sealed interface Action {}

    /** A session begins: its events are scripted and the next session is scheduled. */
    private record StartSession() implements Action {}

    /** One event goes out; {@code opensIntent} marks the moment an intent forms; {@code cause} marks a reaction. */
    private record Emit(String sessionId, EventProperties properties, boolean opensIntent, Delivery cause)
            implements Action {}

    /** A purchase of the cart (or of {@code amount} when the cart is empty). */
    private record Buy(String sessionId, double amount, Delivery cause) implements Action {}

    /** A return visit that buys if the intent it serves is still open (and, for a message, if the message works). */
    private record ReturnVisit(long intentId, Delivery cause, double uniform, double fatigue) implements Action {}

    /** A repeat purchase (retention). */
    private record RepeatVisit() implements Action {}

    /** The delivery a reaction answers. */
    private record Delivery(UUID decisionId, long deliveredAt) {}

    private record Step(long at, int user, long sequence, Action action) {}

    private static final Comparator<Step> STEP_ORDER =
            Comparator.comparingLong(Step::at).thenComparingInt(Step::user).thenComparingLong(Step::sequence);

    /** A user's latent state: what the model knows about them that the platform only sees through events. */
    private static final class User {
        final int index;
        final String id;
        final SplittableRandom behaviour;
        final SplittableRandom response;
        final double sessionsPerMillisecond;
        long eventCounter;
        long stepCounter;
        int sessions;
        boolean onboarded;
        long firstSeen = Long.MIN_VALUE;
        double cartValue;
        int cartItems;
        long intentId;
        long intentStart;
        long intents;
        final List<Long> purchases = new ArrayList<>();
        final ArrayDeque<double[]> recentSpend = new ArrayDeque<>();
        final ArrayDeque<Long> saleViews = new ArrayDeque<>();
        final ArrayDeque<Long> featureUses = new ArrayDeque<>();
        final ArrayDeque<Long> deliveries = new ArrayDeque<>();

        User(int index, SimulationParameters parameters) {
            this.index = index;
            this.id = String.format("u%07d", index);
            this.behaviour = RandomVariates.stream(parameters.seed(), index, RandomVariates.BEHAVIOUR);
            this.response = RandomVariates.stream(parameters.seed(), index, RandomVariates.RESPONSE);
            double perDay = RandomVariates.lognormal(
                    behaviour, parameters.daytimeSessionsPerDay(), parameters.sessionRateSigma());
            this.sessionsPerMillisecond = perDay / (24 * HOUR);
        }
    }

    /** The mutable state of one run. */
    private static final class Run {
        final SimulationParameters p;
        final SimulationDriver driver;
        final SimulationProgress progress;
        final NaturalIntent natural;
        final long end;
        final ZoneId zone;
        final List<User> users = new ArrayList<>();
        final PriorityQueue<Step> steps = new PriorityQueue<>(STEP_ORDER);
        final List<UserEvent> log = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        final List<Reaction> reactions = new ArrayList<>();
        final Map<String, User> byId = new HashMap<>();
        List<UserEvent> window = new ArrayList<>();

        Run(SimulationParameters parameters, SimulationDriver driver, SimulationProgress progress) {
            this.p = parameters;
            this.driver = Objects.requireNonNull(driver, "driver");
            this.progress = Objects.requireNonNull(progress, "progress");
            this.natural = new NaturalIntent(
                    parameters.naturalConversion(), parameters.intentHalfLife(), parameters.attributionWindow());
            this.end = parameters.end().toEpochMilli();
            this.zone = parameters.zone();
        }

        SimulationResult execute() {
            long start = p.start().toEpochMilli();
            for (int i = 0; i < p.users(); i++) {
                User user = new User(i, p);
                users.add(user);
                byId.put(user.id, user);
                scheduleNextSession(user, start);
            }
            driver.begin(p.start());
            long step = p.window().toMillis();
            long windows = 0;
            for (long from = start; from < end; from += step) {
                long to = Math.min(from + step, end);
                window = new ArrayList<>();
                while (!steps.isEmpty() && steps.peek().at() < to) {
                    Step next = steps.poll();
                    execute(users.get(next.user()), next.at(), next.action());
                }
                driver.ingest(window);
                List<Decision> made = driver.advanceTo(Instant.ofEpochMilli(to));
                decisions.addAll(made);
                react(made, to);
                windows++;
                progress.windowDone(Instant.ofEpochMilli(to), log.size(), decisions.size());
            }
            Instant cutoff = enrolmentCutoff();
            return new SimulationResult(p, log, decisions, reactions, outcomes(cutoff), cutoff, windows);
        }

        void schedule(User user, long at, Action action) {
            if (at < end) {
                steps.add(new Step(at, user.index, user.stepCounter++, action));
            }
        }

        void scheduleNextSession(User user, long after) {
            if (!(user.sessionsPerMillisecond > 0)) {
                return;
            }
            long at = after;
            while (at < end) {
                at += Math.max(1, (long) (RandomVariates.exponential(user.behaviour) / user.sessionsPerMillisecond));
                double u = user.behaviour.nextDouble();
                if (localHour(at) >= 7 || u < p.nightActivity()) {
                    schedule(user, at, new StartSession());
                    return;
                }
            }
        }

        int localHour(long at) {
            long offset = zone.getRules().getOffset(Instant.ofEpochMilli(at)).getTotalSeconds() * 1000L;
            return (int) Math.floorMod((at + offset) / HOUR, 24L);
        }

        void execute(User user, long at, Action action) {
            if (action instanceof StartSession) {
                startSession(user, at);
            } else if (action instanceof Emit emit) {
                emit(user, at, emit.sessionId(), emit.properties(), emit.opensIntent(), emit.cause());
            } else if (action instanceof Buy buy) {
                double revenue = user.cartValue > 0 ? user.cartValue : buy.amount();
                String orderId = user.id + "-o" + (user.purchases.size() + 1);
                emit(
                        user,
                        at,
                        buy.sessionId(),
                        new EventProperties.Purchase(orderId, round(revenue), "EUR"),
                        false,
                        buy.cause());
            } else if (action instanceof ReturnVisit visit) {
                returnVisit(user, at, visit);
            } else if (action instanceof RepeatVisit) {
                String session = nextSession(user);
                emit(user, at, session, new EventProperties.PageView("/", null), false, null);
                schedule(
                        user,
                        at + 20_000,
                        new Emit(session, new EventProperties.CheckoutStarted(session), false, null));
                schedule(user, at + 60_000, new Buy(session, price(user), null));
            }
        }

        String nextSession(User user) {
            user.sessions++;
            return user.id + "-s" + user.sessions;
        }

        double price(User user) {
            return Math.max(1.0, RandomVariates.lognormal(user.behaviour, p.medianPrice(), p.priceSigma()));
        }

        long gap(User user) {
            return Math.max(
                    1000, (long) (RandomVariates.exponential(user.behaviour) * p.meanSecondsBetweenEvents() * 1000));
        }

        /** Scripts a whole session from its start (see docs/simulation.md, "Sessions"). */
        void startSession(User user, long at) {
            String session = nextSession(user);
            SplittableRandom r = user.behaviour;
            long t = at;
            BehaviourPreset preset = p.preset();
            if (!user.onboarded) {
                user.onboarded = true;
                if (preset.optInChannel() != null && r.nextDouble() < p.optInShare()) {
                    emit(
                            user,
                            t,
                            session,
                            new EventProperties.ConsentChanged(preset.optInChannel(), true),
                            false,
                            null);
                    t += 1000;
                }
            }
            schedule(user, t, new Emit(session, new EventProperties.PageView("/", null), false, null));
            int actions = RandomVariates.atLeastOne(r, p.meanActionsPerSession());
            switch (preset) {
                case CART_ABANDONMENT, FLASH_SALE -> {
                    String product = null;
                    String category = null;
                    double price = 0;
                    for (int i = 0; i < actions; i++) {
                        t += gap(user);
                        product = "p" + r.nextInt(500);
                        boolean sale = preset == BehaviourPreset.FLASH_SALE && r.nextDouble() < p.saleViewShare();
                        category = sale ? "sale" : CATEGORIES.get(r.nextInt(CATEGORIES.size()));
                        price = round(price(user));
                        schedule(
                                user,
                                t,
                                new Emit(
                                        session,
                                        new EventProperties.ProductView(product, category, price),
                                        false,
                                        null));
                    }
                    if (r.nextDouble() < p.addToCartRate()) {
                        int quantity = r.nextDouble() < 0.2 ? 2 : 1;
                        boolean buys = r.nextDouble() >= p.cartAbandonmentRate();
                        t += gap(user);
                        schedule(
                                user,
                                t,
                                new Emit(
                                        session,
                                        new EventProperties.AddToCart(product, quantity, price, category),
                                        !buys,
                                        null));
                        if (buys) {
                            t += gap(user);
                            schedule(
                                    user,
                                    t,
                                    new Emit(session, new EventProperties.CheckoutStarted(session), false, null));
                            t += gap(user);
                            schedule(user, t, new Buy(session, price, null));
                        }
                    }
                }
                case SPENDING_ALERT -> {
                    for (int i = 0; i < actions; i++) {
                        t += gap(user);
                        schedule(user, t, new Buy(session, price(user), null));
                    }
                }
                case ONBOARDING_UPSELL -> {
                    for (int i = 0; i < actions; i++) {
                        t += gap(user);
                        String feature = FEATURES.get(r.nextInt(FEATURES.size()));
                        schedule(
                                user,
                                t,
                                new Emit(
                                        session,
                                        new EventProperties.Custom("feature_used", Map.of("feature", feature)),
                                        false,
                                        null));
                    }
                    t = sessionPurchase(user, session, t);
                }
                case WATCH_TIME -> {
                    for (int i = 0; i < actions; i++) {
                        t += gap(user);
                        String title = TITLES.get(r.nextInt(TITLES.size()));
                        schedule(
                                user,
                                t,
                                new Emit(
                                        session,
                                        new EventProperties.Custom("video_started", Map.of("title", title)),
                                        false,
                                        null));
                        boolean longPause = r.nextDouble() < p.longPauseShare();
                        double pause = longPause
                                ? LONG_PAUSE_SECONDS + Math.floor(RandomVariates.exponential(r) * 1200)
                                : Math.min(LONG_PAUSE_SECONDS - 1, Math.floor(RandomVariates.exponential(r) * 90));
                        t += gap(user) + 300_000;
                        Map<String, Object> paused = new LinkedHashMap<>();
                        paused.put("title", title);
                        paused.put("pause_seconds", pause);
                        schedule(
                                user,
                                t,
                                new Emit(session, new EventProperties.Custom("video_paused", paused), longPause, null));
                    }
                    t = sessionPurchase(user, session, t);
                }
            }
            scheduleNextSession(user, at);
        }

        /** A paid action inside a session (plan upgrade, rental), with the cart funnel's overall probability. */
        long sessionPurchase(User user, String session, long t) {
            if (user.behaviour.nextDouble() < p.addToCartRate() * (1 - p.cartAbandonmentRate())) {
                t += gap(user);
                schedule(user, t, new Buy(session, price(user), null));
            }
            return t;
        }

        void returnVisit(User user, long at, ReturnVisit visit) {
            boolean buys;
            if (visit.cause() == null) {
                buys = user.intentId != 0 && user.intentId == visit.intentId();
            } else {
                long deliveredAt = visit.cause().deliveredAt();
                buys = user.intentId != 0
                        && user.intentStart <= deliveredAt
                        && visit.uniform()
                                < p.messageUplift()
                                        * p.messageEffectHalfLife()
                                                .factor(Duration.ofMillis(deliveredAt - user.intentStart))
                                        * visit.fatigue();
            }
            if (!buys) {
                return;
            }
            user.intentId = 0;
            String session = nextSession(user);
            emit(user, at, session, new EventProperties.PageView("/cart", null), false, visit.cause());
            schedule(
                    user,
                    at + 20_000,
                    new Emit(session, new EventProperties.CheckoutStarted(session), false, visit.cause()));
            schedule(user, at + 60_000, new Buy(session, price(user), visit.cause()));
        }

        void emit(User user, long at, String session, EventProperties properties, boolean opensIntent, Delivery cause) {
            UUID eventId = RandomVariates.eventId(p.seed(), user.index, user.eventCounter++);
            UserEvent event = new UserEvent(eventId, user.id, Instant.ofEpochMilli(at), session, properties);
            if (cause != null) {
                if (at <= cause.deliveredAt()) {
                    throw new IllegalStateException("causality violated: " + event.type() + " of " + user.id + " at "
                            + event.occurredAt() + " does not follow the delivery of " + cause.decisionId() + " at "
                            + Instant.ofEpochMilli(cause.deliveredAt()));
                }
                reactions.add(
                        new Reaction(cause.decisionId(), user.id, Instant.ofEpochMilli(cause.deliveredAt()), event));
            }
            window.add(event);
            log.add(event);
            if (user.firstSeen == Long.MIN_VALUE) {
                user.firstSeen = at;
            }
            fold(user, at, properties, opensIntent);
        }

        /** The latent consequences of an event: carts, purchases, intents. */
        void fold(User user, long at, EventProperties properties, boolean opensIntent) {
            if (properties instanceof EventProperties.AddToCart add) {
                user.cartValue += add.quantity() * add.unitPrice();
                user.cartItems += add.quantity();
            } else if (properties instanceof EventProperties.Purchase purchase) {
                user.cartValue = 0;
                user.cartItems = 0;
                user.intentId = 0;
                user.purchases.add(at);
                if (p.preset() == BehaviourPreset.SPENDING_ALERT) {
                    double before = spendWithinDay(user, at);
                    user.recentSpend.addLast(new double[] {at, purchase.revenue()});
                    if (before < SPENDING_THRESHOLD && before + purchase.revenue() >= SPENDING_THRESHOLD) {
                        openIntent(user, at);
                    }
                }
                if (user.behaviour.nextDouble() < p.repeatPurchaseProbability()) {
                    long delay = (long) (RandomVariates.exponential(user.behaviour)
                            * p.meanRepeatDelay().toMillis());
                    schedule(user, at + Math.max(HOUR, delay), new RepeatVisit());
                }
            } else if (properties instanceof EventProperties.ProductView view
                    && p.preset() == BehaviourPreset.FLASH_SALE
                    && "sale".equals(view.category())) {
                user.saleViews.addLast(at);
                while (user.saleViews.peekFirst() < at - HOUR) {
                    user.saleViews.pollFirst();
                }
                if (user.saleViews.size() >= SALE_VIEWS && user.cartItems == 0 && user.intentId == 0) {
                    openIntent(user, at);
                }
            } else if (properties instanceof EventProperties.Custom custom
                    && p.preset() == BehaviourPreset.ONBOARDING_UPSELL
                    && custom.type().equals("feature_used")) {
                user.featureUses.addLast(at);
                while (user.featureUses.peekFirst() < at - 7 * 24 * HOUR) {
                    user.featureUses.pollFirst();
                }
                if (user.featureUses.size() >= FEATURE_USES
                        && user.purchases.isEmpty()
                        && at - user.firstSeen < NEW_USER.toMillis()
                        && user.intentId == 0) {
                    openIntent(user, at);
                }
            }
            if (opensIntent) {
                openIntent(user, at);
            }
        }

        double spendWithinDay(User user, long at) {
            while (!user.recentSpend.isEmpty() && user.recentSpend.peekFirst()[0] <= at - 24 * HOUR) {
                user.recentSpend.pollFirst();
            }
            double sum = 0;
            for (double[] spend : user.recentSpend) {
                sum += spend[1];
            }
            return sum;
        }

        /** A new intent replaces any open one; its natural purchase time is drawn once, from the hazard. */
        void openIntent(User user, long at) {
            user.intents++;
            user.intentId = user.intents;
            user.intentStart = at;
            double hours = natural.hoursToPurchase(RandomVariates.exponential(user.behaviour));
            if (hours * HOUR < end - at) {
                schedule(user, at + Math.max(1, (long) (hours * HOUR)), new ReturnVisit(user.intentId, null, 0, 1));
            }
        }

        /** Schedules each delivered decision's reactions, strictly after its delivery and not before {@code now}. */
        void react(List<Decision> made, long now) {
            List<Decision> delivered = new ArrayList<>();
            for (Decision decision : made) {
                if (decision.deliveredAt() != null) {
                    delivered.add(decision);
                }
            }
            delivered.sort(Comparator.comparing(Decision::deliveredAt)
                    .thenComparing(Decision::userId)
                    .thenComparing(Decision::id)
                    .thenComparing(Decision::mode));
            for (Decision decision : delivered) {
                User user = byId.get(decision.userId());
                if (user == null) {
                    throw new IllegalStateException(
                            "decision " + decision.id() + " for unknown user " + decision.userId());
                }
                long deliveredAt = decision.deliveredAt().toEpochMilli();
                Delivery cause = new Delivery(decision.id(), deliveredAt);
                while (!user.deliveries.isEmpty()
                        && user.deliveries.peekFirst()
                                < deliveredAt - p.fatigueWindow().toMillis()) {
                    user.deliveries.pollFirst();
                }
                int recent = 0;
                for (long previous : user.deliveries) {
                    if (previous < deliveredAt) {
                        recent++;
                    }
                }
                user.deliveries.addLast(deliveredAt);
                double fatigue = Math.pow(1 - p.fatiguePerMessage(), recent);
                SplittableRandom r = user.response;
                double uOpen = r.nextDouble();
                double uClick = r.nextDouble();
                double uBuy = r.nextDouble();
                double openDelay =
                        RandomVariates.exponential(r) * p.meanOpenDelay().toMillis();
                double clickDelay =
                        RandomVariates.exponential(r) * p.meanClickDelay().toMillis();
                double buyDelay =
                        RandomVariates.exponential(r) * p.meanResponseDelay().toMillis();
                ChannelResponse rates = p.response(decision.channel());
                double engagement =
                        p.engagementHalfLife().factor(Duration.between(decision.triggerAt(), decision.deliveredAt()))
                                * fatigue;
                if (uOpen < rates.openRate() * engagement) {
                    long openAt = after(deliveredAt, openDelay, now);
                    String session = user.id + "-m" + decision.id().toString().substring(0, 8);
                    schedule(
                            user,
                            openAt,
                            new Emit(
                                    session,
                                    new EventProperties.MessageOpened(
                                            decision.id().toString()),
                                    false,
                                    cause));
                    if (uClick * rates.openRate() < rates.clickRate()) {
                        long clickAt = openAt + Math.max(1000, (long) clickDelay);
                        schedule(
                                user,
                                clickAt,
                                new Emit(
                                        session,
                                        new EventProperties.MessageClicked(
                                                decision.id().toString()),
                                        false,
                                        cause));
                        schedule(
                                user,
                                clickAt + 1000,
                                new Emit(
                                        session,
                                        new EventProperties.PageView("/m/" + decision.campaignId(), null),
                                        false,
                                        cause));
                    }
                }
                if (p.messageUplift() > 0) {
                    schedule(user, after(deliveredAt, buyDelay, now), new ReturnVisit(0, cause, uBuy, fatigue));
                }
            }
        }

        /** {@code deliveredAt + delay}, at least a millisecond after the delivery and not before {@code now}. */
        static long after(long deliveredAt, double delay, long now) {
            return Math.max(deliveredAt + Math.max(1, (long) delay), now);
        }

        /**
         * The report's enrolment cut-off (docs/statistics.md): the end of observation (the latest event) minus the
         * driver's longest delivery delay minus the attribution window.
         */
        Instant enrolmentCutoff() {
            long observationEnd = p.start().toEpochMilli();
            for (UserEvent event : log) {
                observationEnd = Math.max(observationEnd, event.occurredAt().toEpochMilli());
            }
            return new EnrolmentCutoff(p.attributionWindow(), driver.longestDeliveryDelay())
                    .cutoffFor(Instant.ofEpochMilli(observationEnd));
        }

        /**
         * Outcomes by the report's definitions: a user is triggered at their first delivered or ghost decision of any
         * campaign in either mode, and counted when that trigger is at or before {@code cutoff}; messages count when
         * their decision was triggered by then.
         */
        List<ArmOutcome> outcomes(Instant enrolmentCutoff) {
            Experiment experiment = driver.experiment();
            long cutoff = enrolmentCutoff.toEpochMilli();
            Map<String, Long> firstTrigger = new HashMap<>();
            Map<String, String> armOfDelivery = new HashMap<>();
            for (Decision decision : decisions) {
                long trigger = decision.triggerAt().toEpochMilli();
                if (decision.deliveredAt() != null && trigger <= cutoff) {
                    armOfDelivery.put(decision.id().toString(), decision.arm());
                }
                if (decision.status() != DecisionStatus.SUPPRESSED) {
                    firstTrigger.merge(decision.userId(), trigger, Math::min);
                }
            }
            firstTrigger.values().removeIf(trigger -> trigger > cutoff);
            Map<String, long[]> counts = new LinkedHashMap<>();
            for (Arm arm : experiment.arms()) {
                counts.put(arm.name(), new long[6]);
            }
            for (User user : users) {
                long[] c = counts.get(experiment.assign(user.id).arm().name());
                c[0]++;
                Long trigger = firstTrigger.get(user.id);
                if (trigger == null) {
                    continue;
                }
                c[1]++;
                long limit = trigger + p.attributionWindow().toMillis();
                for (long purchase : user.purchases) {
                    if (purchase > trigger) {
                        if (purchase <= limit) {
                            c[2]++;
                        }
                        break;
                    }
                }
            }
            Set<String> opened = new HashSet<>();
            Set<String> clicked = new HashSet<>();
            for (Reaction reaction : reactions) {
                String type = reaction.event().type();
                if (type.equals(KnownEventType.MESSAGE_OPENED.wireName())) {
                    opened.add(reaction.decisionId().toString());
                } else if (type.equals(KnownEventType.MESSAGE_CLICKED.wireName())) {
                    clicked.add(reaction.decisionId().toString());
                }
            }
            for (Map.Entry<String, String> delivery : armOfDelivery.entrySet()) {
                long[] c = counts.get(delivery.getValue());
                if (c == null) {
                    continue;
                }
                c[3]++;
                c[4] += opened.contains(delivery.getKey()) ? 1 : 0;
                c[5] += clicked.contains(delivery.getKey()) ? 1 : 0;
            }
            List<ArmOutcome> outcomes = new ArrayList<>();
            for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                long[] c = entry.getValue();
                outcomes.add(new ArmOutcome(entry.getKey(), c[0], c[1], c[2], c[3], c[4], c[5]));
            }
            return outcomes;
        }
    }

    private static double round(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
