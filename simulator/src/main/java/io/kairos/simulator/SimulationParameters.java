package io.kairos.simulator;

import io.kairos.domain.event.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every parameter of the behaviour model and of the run, with the defaults documented (with their calibration) in
 * {@code docs/simulation.md}. Construction validates all values at once and throws {@link
 * InvalidSimulationParameters} listing each problem.
 *
 * @param seed makes a run reproducible: the same seed and parameters give the same events and decisions
 * @param users size of the simulated population
 * @param start virtual time at which the run begins
 * @param enrolmentPeriod users whose first trigger falls in {@code [start, start + enrolmentPeriod)} are counted
 * @param attributionWindow a triggered user converts with a first purchase within this long after the trigger
 * @param window virtual-time step: events are handed to the driver one window at a time
 * @param zone the users' time zone (daily rhythm; the fast-path driver's nightly schedule uses it too)
 * @param preset which of the article's cases the sessions generate
 * @param daytimeSessionsPerDay median over users of a user's session rate (sessions per day at daytime intensity)
 * @param sessionRateSigma sigma of the lognormal spread of session rates across users (heavy tail)
 * @param nightActivity session intensity between 00:00 and 07:00 local time, relative to the daytime intensity
 * @param meanActionsPerSession mean product views (card transactions, feature uses, videos) per session, at least 1
 * @param meanSecondsBetweenEvents mean think time between two events of a session
 * @param addToCartRate share of sessions that put something in the cart (or start a paid action)
 * @param cartAbandonmentRate share of those that leave without buying
 * @param saleViewShare flash-sale preset: share of product views that are sale items
 * @param longPauseShare watch-time preset: share of videos paused for ten minutes or more
 * @param medianPrice median unit price (transaction amount, plan price, rental price)
 * @param priceSigma sigma of the lognormal spread of prices
 * @param optInShare share of users who grant the explicit opt-in a preset's channel needs
 * @param naturalConversion probability that an intent converts within the attribution window with no message
 * @param intentHalfLife half-life of the natural purchase hazard after the intent moment, or none
 * @param messageUplift probability that a message delivered at the intent moment, without fatigue, causes a purchase
 * @param messageEffectHalfLife half-life of the message's effect in the delay from intent to delivery, or none
 * @param meanResponseDelay mean delay from delivery to the purchase a message causes
 * @param fatiguePerMessage share of a message's effect lost per message received within the fatigue window
 * @param fatigueWindow how far back received messages count towards fatigue
 * @param channelResponses open and click rates per channel
 * @param engagementHalfLife half-life of open and click probabilities in the delay from trigger to delivery, or none
 * @param meanOpenDelay mean delay from delivery to open
 * @param meanClickDelay mean delay from open to click
 * @param repeatPurchaseProbability probability that a purchase is followed by another (retention)
 * @param meanRepeatDelay mean delay from a purchase to the repeat purchase
 */
public record SimulationParameters(
        long seed,
        int users,
        Instant start,
        Duration enrolmentPeriod,
        Duration attributionWindow,
        Duration window,
        ZoneId zone,
        BehaviourPreset preset,
        double daytimeSessionsPerDay,
        double sessionRateSigma,
        double nightActivity,
        double meanActionsPerSession,
        double meanSecondsBetweenEvents,
        double addToCartRate,
        double cartAbandonmentRate,
        double saleViewShare,
        double longPauseShare,
        double medianPrice,
        double priceSigma,
        double optInShare,
        double naturalConversion,
        HalfLife intentHalfLife,
        double messageUplift,
        HalfLife messageEffectHalfLife,
        Duration meanResponseDelay,
        double fatiguePerMessage,
        Duration fatigueWindow,
        Map<Channel, ChannelResponse> channelResponses,
        HalfLife engagementHalfLife,
        Duration meanOpenDelay,
        Duration meanClickDelay,
        double repeatPurchaseProbability,
        Duration meanRepeatDelay) {

    /** Largest supported population (the fast path keeps every event in memory). */
    public static final int MAX_USERS = 2_000_000;

    public SimulationParameters {
        List<String> problems = new ArrayList<>();
        requireNonNull(problems, "start", start);
        requireNonNull(problems, "zone", zone);
        requireNonNull(problems, "preset", preset);
        requireNonNull(problems, "intentHalfLife", intentHalfLife);
        requireNonNull(problems, "messageEffectHalfLife", messageEffectHalfLife);
        requireNonNull(problems, "engagementHalfLife", engagementHalfLife);
        if (users < 1 || users > MAX_USERS) {
            problems.add("users must be between 1 and " + MAX_USERS + ", was " + users);
        }
        positive(problems, "enrolmentPeriod", enrolmentPeriod);
        positive(problems, "attributionWindow", attributionWindow);
        positive(problems, "window", window);
        if (window != null && window.compareTo(Duration.ofDays(1)) > 0) {
            problems.add("window must be at most 1 day, was " + window);
        }
        if (window != null && window.toMillis() < 1000 && isPositive(window)) {
            problems.add("window must be at least 1 second, was " + window);
        }
        if (window != null && attributionWindow != null && attributionWindow.compareTo(window) < 0) {
            problems.add("attributionWindow must be at least one window (" + window + "), was " + attributionWindow);
        }
        atLeast(problems, "daytimeSessionsPerDay", daytimeSessionsPerDay, 0, false);
        atLeast(problems, "sessionRateSigma", sessionRateSigma, 0, true);
        share(problems, "nightActivity", nightActivity);
        atLeast(problems, "meanActionsPerSession", meanActionsPerSession, 1, true);
        atLeast(problems, "meanSecondsBetweenEvents", meanSecondsBetweenEvents, 0, false);
        share(problems, "addToCartRate", addToCartRate);
        share(problems, "cartAbandonmentRate", cartAbandonmentRate);
        share(problems, "saleViewShare", saleViewShare);
        share(problems, "longPauseShare", longPauseShare);
        atLeast(problems, "medianPrice", medianPrice, 0, false);
        atLeast(problems, "priceSigma", priceSigma, 0, true);
        share(problems, "optInShare", optInShare);
        belowOne(problems, "naturalConversion", naturalConversion);
        halfLife(problems, "intentHalfLife", intentHalfLife);
        share(problems, "messageUplift", messageUplift);
        halfLife(problems, "messageEffectHalfLife", messageEffectHalfLife);
        positive(problems, "meanResponseDelay", meanResponseDelay);
        belowOne(problems, "fatiguePerMessage", fatiguePerMessage);
        positive(problems, "fatigueWindow", fatigueWindow);
        halfLife(problems, "engagementHalfLife", engagementHalfLife);
        positive(problems, "meanOpenDelay", meanOpenDelay);
        positive(problems, "meanClickDelay", meanClickDelay);
        belowOne(problems, "repeatPurchaseProbability", repeatPurchaseProbability);
        positive(problems, "meanRepeatDelay", meanRepeatDelay);
        if (channelResponses == null) {
            problems.add("channelResponses must be given");
        } else {
            EnumMap<Channel, ChannelResponse> copy = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                ChannelResponse response = channelResponses.get(channel);
                if (response == null) {
                    problems.add("channelResponses must give open and click rates for " + channel.wireName());
                    continue;
                }
                if (!(response.openRate() >= 0 && response.openRate() <= 1)) {
                    problems.add("channelResponses." + channel.wireName() + ".openRate must be in [0, 1], was "
                            + response.openRate());
                }
                if (!(response.clickRate() >= 0 && response.clickRate() <= response.openRate())) {
                    problems.add("channelResponses." + channel.wireName()
                            + ".clickRate must be in [0, openRate] (a click implies an open), was "
                            + response.clickRate());
                }
                copy.put(channel, response);
            }
            channelResponses = Collections.unmodifiableMap(copy);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSimulationParameters(problems);
        }
    }

    /** The defaults for the default preset, cart abandonment. */
    public static SimulationParameters defaults() {
        return defaults(BehaviourPreset.CART_ABANDONMENT);
    }

    /**
     * What {@code kairos demo} runs by default: the cart-abandonment defaults for 20,000 users, observed over 14 days
     * of enrolment plus a 3-day attribution window (long enough for a batch message, at most 31 hours after its
     * trigger, and its effect to land) in 15-minute windows.
     */
    public static SimulationParameters demo() {
        return defaults().toBuilder()
                .attributionWindow(Duration.ofDays(3))
                .window(Duration.ofMinutes(15))
                .build();
    }

    /** The defaults for one of the article's cases (only the preset's activity parameters differ). */
    public static SimulationParameters defaults(BehaviourPreset preset) {
        Builder builder = new Builder().preset(preset);
        switch (preset) {
            case CART_ABANDONMENT, FLASH_SALE -> {}
            case SPENDING_ALERT ->
                builder.daytimeSessionsPerDay(0.8)
                        .meanActionsPerSession(1.5)
                        .medianPrice(60)
                        .priceSigma(1.2);
            case ONBOARDING_UPSELL ->
                builder.daytimeSessionsPerDay(0.8)
                        .meanActionsPerSession(3)
                        .medianPrice(29)
                        .priceSigma(0.1);
            case WATCH_TIME ->
                builder.daytimeSessionsPerDay(0.6)
                        .meanActionsPerSession(2)
                        .medianPrice(5)
                        .priceSigma(0.3);
        }
        return builder.build();
    }

    /** The default open and click rates per channel (see docs/simulation.md for the benchmarks behind them). */
    public static Map<Channel, ChannelResponse> defaultChannelResponses() {
        EnumMap<Channel, ChannelResponse> responses = new EnumMap<>(Channel.class);
        responses.put(Channel.EMAIL, new ChannelResponse(0.21, 0.026));
        responses.put(Channel.PUSH, new ChannelResponse(0.07, 0.04));
        responses.put(Channel.SMS, new ChannelResponse(0.90, 0.12));
        responses.put(Channel.IN_APP, new ChannelResponse(0.50, 0.10));
        responses.put(Channel.WEBHOOK, new ChannelResponse(0.0, 0.0));
        return responses;
    }

    /**
     * These parameters with every timing-dependent effect off: no intent decay, no decay of the message's effect or
     * of opens and clicks with delay, no fatigue. Under them the delivery delay cannot matter, so real time must not
     * beat batch.
     */
    public SimulationParameters withoutTimingEffects() {
        return toBuilder()
                .intentHalfLife(HalfLife.NONE)
                .messageEffectHalfLife(HalfLife.NONE)
                .engagementHalfLife(HalfLife.NONE)
                .fatiguePerMessage(0)
                .build();
    }

    /** These parameters with another seed. */
    public SimulationParameters withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** These parameters with another population size. */
    public SimulationParameters withUsers(int newUsers) {
        return toBuilder().users(newUsers).build();
    }

    /** Virtual time at which the run ends: after enrolment, plus one attribution window for the last triggers. */
    public Instant end() {
        return start.plus(enrolmentPeriod).plus(attributionWindow);
    }

    /** The open and click rates of one channel. */
    public ChannelResponse response(Channel channel) {
        return channelResponses.get(channel);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from the cart-abandonment defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireNonNull(List<String> problems, String name, Object value) {
        if (value == null) {
            problems.add(name + " must be given");
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null) {
            problems.add(name + " must be given");
        } else if (!isPositive(value)) {
            problems.add(name + " must be positive, was " + value);
        }
    }

    private static void halfLife(List<String> problems, String name, HalfLife value) {
        if (value != null
                && value.duration().isPresent()
                && !isPositive(value.duration().get())) {
            problems.add(
                    name + " must be positive or none, was " + value.duration().get());
        }
    }

    private static boolean isPositive(Duration value) {
        return !value.isNegative() && !value.isZero();
    }

    private static void share(List<String> problems, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(name + " must be in [0, 1], was " + value);
        }
    }

    private static void belowOne(List<String> problems, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            problems.add(name + " must be in [0, 1), was " + value);
        }
    }

    private static void atLeast(List<String> problems, String name, double value, double bound, boolean inclusive) {
        boolean ok = inclusive ? value >= bound : value > bound;
        if (!ok || Double.isInfinite(value)) {
            problems.add(name + " must be " + (inclusive ? "at least " : "greater than ") + bound + ", was " + value);
        }
    }

    /** Builds parameters from the defaults, one named setter per parameter; {@link #build()} validates. */
    public static final class Builder {
        private long seed = 20_261_128L;
        private int users = 20_000;
        private Instant start = Instant.parse("2026-11-02T00:00:00Z");
        private Duration enrolmentPeriod = Duration.ofDays(14);
        private Duration attributionWindow = Duration.ofDays(7);
        private Duration window = Duration.ofMinutes(5);
        private ZoneId zone = ZoneOffset.UTC;
        private BehaviourPreset preset = BehaviourPreset.CART_ABANDONMENT;
        private double daytimeSessionsPerDay = 0.3;
        private double sessionRateSigma = 1.0;
        private double nightActivity = 0.2;
        private double meanActionsPerSession = 4;
        private double meanSecondsBetweenEvents = 40;
        private double addToCartRate = 0.10;
        private double cartAbandonmentRate = 0.70;
        private double saleViewShare = 0.5;
        private double longPauseShare = 0.3;
        private double medianPrice = 45;
        private double priceSigma = 0.6;
        private double optInShare = 0.5;
        private double naturalConversion = 0.12;
        private HalfLife intentHalfLife = HalfLife.of(Duration.ofHours(24));
        private double messageUplift = 0.06;
        private HalfLife messageEffectHalfLife = HalfLife.of(Duration.ofHours(6));
        private Duration meanResponseDelay = Duration.ofHours(2);
        private double fatiguePerMessage = 0.25;
        private Duration fatigueWindow = Duration.ofDays(7);
        private Map<Channel, ChannelResponse> channelResponses = defaultChannelResponses();
        private HalfLife engagementHalfLife = HalfLife.of(Duration.ofHours(66));
        private Duration meanOpenDelay = Duration.ofHours(1);
        private Duration meanClickDelay = Duration.ofMinutes(2);
        private double repeatPurchaseProbability = 0.25;
        private Duration meanRepeatDelay = Duration.ofDays(10);

        private Builder() {}

        private Builder(SimulationParameters p) {
            seed = p.seed;
            users = p.users;
            start = p.start;
            enrolmentPeriod = p.enrolmentPeriod;
            attributionWindow = p.attributionWindow;
            window = p.window;
            zone = p.zone;
            preset = p.preset;
            daytimeSessionsPerDay = p.daytimeSessionsPerDay;
            sessionRateSigma = p.sessionRateSigma;
            nightActivity = p.nightActivity;
            meanActionsPerSession = p.meanActionsPerSession;
            meanSecondsBetweenEvents = p.meanSecondsBetweenEvents;
            addToCartRate = p.addToCartRate;
            cartAbandonmentRate = p.cartAbandonmentRate;
            saleViewShare = p.saleViewShare;
            longPauseShare = p.longPauseShare;
            medianPrice = p.medianPrice;
            priceSigma = p.priceSigma;
            optInShare = p.optInShare;
            naturalConversion = p.naturalConversion;
            intentHalfLife = p.intentHalfLife;
            messageUplift = p.messageUplift;
            messageEffectHalfLife = p.messageEffectHalfLife;
            meanResponseDelay = p.meanResponseDelay;
            fatiguePerMessage = p.fatiguePerMessage;
            fatigueWindow = p.fatigueWindow;
            channelResponses = p.channelResponses;
            engagementHalfLife = p.engagementHalfLife;
            meanOpenDelay = p.meanOpenDelay;
            meanClickDelay = p.meanClickDelay;
            repeatPurchaseProbability = p.repeatPurchaseProbability;
            meanRepeatDelay = p.meanRepeatDelay;
        }

        /** See {@link SimulationParameters#seed()}. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** See {@link SimulationParameters#users()}. */
        public Builder users(int value) {
            users = value;
            return this;
        }

        /** See {@link SimulationParameters#start()}. */
        public Builder start(Instant value) {
            start = value;
            return this;
        }

        /** See {@link SimulationParameters#enrolmentPeriod()}. */
        public Builder enrolmentPeriod(Duration value) {
            enrolmentPeriod = value;
            return this;
        }

        /** See {@link SimulationParameters#attributionWindow()}. */
        public Builder attributionWindow(Duration value) {
            attributionWindow = value;
            return this;
        }

        /** See {@link SimulationParameters#window()}. */
        public Builder window(Duration value) {
            window = value;
            return this;
        }

        /** See {@link SimulationParameters#zone()}. */
        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        /** See {@link SimulationParameters#preset()}. */
        public Builder preset(BehaviourPreset value) {
            preset = value;
            return this;
        }

        /** See {@link SimulationParameters#daytimeSessionsPerDay()}. */
        public Builder daytimeSessionsPerDay(double value) {
            daytimeSessionsPerDay = value;
            return this;
        }

        /** See {@link SimulationParameters#sessionRateSigma()}. */
        public Builder sessionRateSigma(double value) {
            sessionRateSigma = value;
            return this;
        }

        /** See {@link SimulationParameters#nightActivity()}. */
        public Builder nightActivity(double value) {
            nightActivity = value;
            return this;
        }

        /** See {@link SimulationParameters#meanActionsPerSession()}. */
        public Builder meanActionsPerSession(double value) {
            meanActionsPerSession = value;
            return this;
        }

        /** See {@link SimulationParameters#meanSecondsBetweenEvents()}. */
        public Builder meanSecondsBetweenEvents(double value) {
            meanSecondsBetweenEvents = value;
            return this;
        }

        /** See {@link SimulationParameters#addToCartRate()}. */
        public Builder addToCartRate(double value) {
            addToCartRate = value;
            return this;
        }

        /** See {@link SimulationParameters#cartAbandonmentRate()}. */
        public Builder cartAbandonmentRate(double value) {
            cartAbandonmentRate = value;
            return this;
        }

        /** See {@link SimulationParameters#saleViewShare()}. */
        public Builder saleViewShare(double value) {
            saleViewShare = value;
            return this;
        }

        /** See {@link SimulationParameters#longPauseShare()}. */
        public Builder longPauseShare(double value) {
            longPauseShare = value;
            return this;
        }

        /** See {@link SimulationParameters#medianPrice()}. */
        public Builder medianPrice(double value) {
            medianPrice = value;
            return this;
        }

        /** See {@link SimulationParameters#priceSigma()}. */
        public Builder priceSigma(double value) {
            priceSigma = value;
            return this;
        }

        /** See {@link SimulationParameters#optInShare()}. */
        public Builder optInShare(double value) {
            optInShare = value;
            return this;
        }

        /** See {@link SimulationParameters#naturalConversion()}. */
        public Builder naturalConversion(double value) {
            naturalConversion = value;
            return this;
        }

        /** See {@link SimulationParameters#intentHalfLife()}. */
        public Builder intentHalfLife(HalfLife value) {
            intentHalfLife = value;
            return this;
        }

        /** See {@link SimulationParameters#messageUplift()}. */
        public Builder messageUplift(double value) {
            messageUplift = value;
            return this;
        }

        /** See {@link SimulationParameters#messageEffectHalfLife()}. */
        public Builder messageEffectHalfLife(HalfLife value) {
            messageEffectHalfLife = value;
            return this;
        }

        /** See {@link SimulationParameters#meanResponseDelay()}. */
        public Builder meanResponseDelay(Duration value) {
            meanResponseDelay = value;
            return this;
        }

        /** See {@link SimulationParameters#fatiguePerMessage()}. */
        public Builder fatiguePerMessage(double value) {
            fatiguePerMessage = value;
            return this;
        }

        /** See {@link SimulationParameters#fatigueWindow()}. */
        public Builder fatigueWindow(Duration value) {
            fatigueWindow = value;
            return this;
        }

        /** See {@link SimulationParameters#channelResponses()}. */
        public Builder channelResponses(Map<Channel, ChannelResponse> value) {
            channelResponses = value;
            return this;
        }

        /** Sets the open and click rates of one channel, keeping the others. */
        public Builder channelResponse(Channel channel, ChannelResponse response) {
            EnumMap<Channel, ChannelResponse> copy = new EnumMap<>(Channel.class);
            copy.putAll(Objects.requireNonNull(channelResponses, "channelResponses"));
            copy.put(channel, response);
            channelResponses = copy;
            return this;
        }

        /** See {@link SimulationParameters#engagementHalfLife()}. */
        public Builder engagementHalfLife(HalfLife value) {
            engagementHalfLife = value;
            return this;
        }

        /** See {@link SimulationParameters#meanOpenDelay()}. */
        public Builder meanOpenDelay(Duration value) {
            meanOpenDelay = value;
            return this;
        }

        /** See {@link SimulationParameters#meanClickDelay()}. */
        public Builder meanClickDelay(Duration value) {
            meanClickDelay = value;
            return this;
        }

        /** See {@link SimulationParameters#repeatPurchaseProbability()}. */
        public Builder repeatPurchaseProbability(double value) {
            repeatPurchaseProbability = value;
            return this;
        }

        /** See {@link SimulationParameters#meanRepeatDelay()}. */
        public Builder meanRepeatDelay(Duration value) {
            meanRepeatDelay = value;
            return this;
        }

        /** The parameters; throws {@link InvalidSimulationParameters} listing every out-of-range value. */
        public SimulationParameters build() {
            return new SimulationParameters(
                    seed,
                    users,
                    start,
                    enrolmentPeriod,
                    attributionWindow,
                    window,
                    zone,
                    preset,
                    daytimeSessionsPerDay,
                    sessionRateSigma,
                    nightActivity,
                    meanActionsPerSession,
                    meanSecondsBetweenEvents,
                    addToCartRate,
                    cartAbandonmentRate,
                    saleViewShare,
                    longPauseShare,
                    medianPrice,
                    priceSigma,
                    optInShare,
                    naturalConversion,
                    intentHalfLife,
                    messageUplift,
                    messageEffectHalfLife,
                    meanResponseDelay,
                    fatiguePerMessage,
                    fatigueWindow,
                    channelResponses,
                    engagementHalfLife,
                    meanOpenDelay,
                    meanClickDelay,
                    repeatPurchaseProbability,
                    meanRepeatDelay);
        }
    }
}
