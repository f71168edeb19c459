package io.kairos.simulator;

import io.kairos.domain.event.Channel;
import io.kairos.domain.experiment.Experiment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How much the demo's answer moves with each assumed parameter of docs/simulation.md: the demo (fast path, its seed,
 * its experiment) rerun with one parameter halved and doubled (or set to a plausible low and high), printing real
 * time's lead over batch in conversion among triggered users and in click-through. Not a test: run it as a program
 * (docs/simulation.md, "Sensitivity of the assumptions").
 */
final class ParameterSensitivity {

    private ParameterSensitivity() {}

    public static void main(String[] args) {
        Map<String, UnaryOperator<SimulationParameters.Builder>> variants = new LinkedHashMap<>();
        variants.put("defaults", b -> b);
        variants.put("daytimeSessionsPerDay 0.15", b -> b.daytimeSessionsPerDay(0.15));
        variants.put("daytimeSessionsPerDay 0.6", b -> b.daytimeSessionsPerDay(0.6));
        variants.put("sessionRateSigma 0.5", b -> b.sessionRateSigma(0.5));
        variants.put("sessionRateSigma 1.5", b -> b.sessionRateSigma(1.5));
        variants.put("nightActivity 0.1", b -> b.nightActivity(0.1));
        variants.put("nightActivity 0.4", b -> b.nightActivity(0.4));
        variants.put("meanActionsPerSession 2", b -> b.meanActionsPerSession(2));
        variants.put("meanActionsPerSession 8", b -> b.meanActionsPerSession(8));
        variants.put("meanSecondsBetweenEvents 20", b -> b.meanSecondsBetweenEvents(20));
        variants.put("meanSecondsBetweenEvents 80", b -> b.meanSecondsBetweenEvents(80));
        variants.put("addToCartRate 0.05", b -> b.addToCartRate(0.05));
        variants.put("addToCartRate 0.2", b -> b.addToCartRate(0.2));
        variants.put("cartAbandonmentRate 0.5", b -> b.cartAbandonmentRate(0.5));
        variants.put("cartAbandonmentRate 0.85", b -> b.cartAbandonmentRate(0.85));
        variants.put("medianPrice 22.5", b -> b.medianPrice(22.5));
        variants.put("medianPrice 90", b -> b.medianPrice(90));
        variants.put("priceSigma 0.3", b -> b.priceSigma(0.3));
        variants.put("priceSigma 1.2", b -> b.priceSigma(1.2));
        variants.put("naturalConversion 0.06", b -> b.naturalConversion(0.06));
        variants.put("naturalConversion 0.24", b -> b.naturalConversion(0.24));
        variants.put("intentHalfLife 12h", b -> b.intentHalfLife(HalfLife.of(Duration.ofHours(12))));
        variants.put("intentHalfLife 48h", b -> b.intentHalfLife(HalfLife.of(Duration.ofHours(48))));
        variants.put("messageUplift 0.03", b -> b.messageUplift(0.03));
        variants.put("messageUplift 0.12", b -> b.messageUplift(0.12));
        variants.put("messageEffectHalfLife 3h", b -> b.messageEffectHalfLife(HalfLife.of(Duration.ofHours(3))));
        variants.put("messageEffectHalfLife 12h", b -> b.messageEffectHalfLife(HalfLife.of(Duration.ofHours(12))));
        variants.put("messageEffectHalfLife none", b -> b.messageEffectHalfLife(HalfLife.NONE));
        variants.put("meanResponseDelay 1h", b -> b.meanResponseDelay(Duration.ofHours(1)));
        variants.put("meanResponseDelay 4h", b -> b.meanResponseDelay(Duration.ofHours(4)));
        variants.put("fatiguePerMessage 0", b -> b.fatiguePerMessage(0));
        variants.put("fatiguePerMessage 0.5", b -> b.fatiguePerMessage(0.5));
        variants.put("fatigueWindow 3d", b -> b.fatigueWindow(Duration.ofDays(3)));
        variants.put("fatigueWindow 14d", b -> b.fatigueWindow(Duration.ofDays(14)));
        variants.put("engagementHalfLife 33h", b -> b.engagementHalfLife(HalfLife.of(Duration.ofHours(33))));
        variants.put("engagementHalfLife 132h", b -> b.engagementHalfLife(HalfLife.of(Duration.ofHours(132))));
        variants.put("meanOpenDelay 30m", b -> b.meanOpenDelay(Duration.ofMinutes(30)));
        variants.put("meanOpenDelay 2h", b -> b.meanOpenDelay(Duration.ofHours(2)));
        variants.put("meanClickDelay 1m", b -> b.meanClickDelay(Duration.ofMinutes(1)));
        variants.put("meanClickDelay 4m", b -> b.meanClickDelay(Duration.ofMinutes(4)));
        variants.put("repeatPurchaseProbability 0.125", b -> b.repeatPurchaseProbability(0.125));
        variants.put("repeatPurchaseProbability 0.5", b -> b.repeatPurchaseProbability(0.5));
        variants.put("meanRepeatDelay 5d", b -> b.meanRepeatDelay(Duration.ofDays(5)));
        variants.put("meanRepeatDelay 20d", b -> b.meanRepeatDelay(Duration.ofDays(20)));
        variants.put("email 0.105/0.013", b -> b.channelResponse(Channel.EMAIL, new ChannelResponse(0.105, 0.013)));
        variants.put("email 0.42/0.052", b -> b.channelResponse(Channel.EMAIL, new ChannelResponse(0.42, 0.052)));
        System.out.printf(
                Locale.ROOT,
                "%-34s %10s %10s %10s %10s %12s%n",
                "variant",
                "batch",
                "realtime",
                "lead pp",
                "p",
                "CTR rt/b");
        for (Map.Entry<String, UnaryOperator<SimulationParameters.Builder>> variant : variants.entrySet()) {
            SimulationParameters parameters = variant.getValue()
                    .apply(SimulationParameters.demo().toBuilder())
                    .build();
            SimulationResult result = SimulationRuns.fastPath(
                    parameters,
                    Experiment.batchVersusRealtime("demo", "demo"),
                    FastPathSettings.defaults(parameters.zone()));
            ArmOutcome batch = result.arm("batch");
            ArmOutcome realtime = result.arm("realtime");
            double p = result.compareConversion("batch", "realtime")
                    .map(c -> c.pValue())
                    .orElse(Double.NaN);
            double ctr = ((double) realtime.clickedMessages() / realtime.deliveredMessages())
                    / ((double) batch.clickedMessages() / batch.deliveredMessages());
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %9.2f%% %9.2f%% %+10.2f %10.3g %12.2f%n",
                    variant.getKey(),
                    100 * batch.conversionRate(),
                    100 * realtime.conversionRate(),
                    100 * (realtime.conversionRate() - batch.conversionRate()),
                    p,
                    ctr);
        }
    }
}
