package io.kairos.simulator;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.engine.CampaignEngine;
import io.kairos.domain.decision.engine.EngineSettings;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.EnrolmentCutoff;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * In-process driver: the real domain engine with in-memory stores, once per mode. The real-time engine sees every
 * event as it is ingested and every watermark; the batch engine sees, at each nightly cut-off, each user's events of
 * the period (users in id order) and then the cut-off. Each engine computes decisions for every user; the user's
 * arm decides which mode's are delivered and which are ghosts.
 */
public final class FastPathDriver implements SimulationDriver {

    private final Experiment experiment;
    private final FastPathSettings settings;
    private final DecisionEngine realtime;
    private final DecisionEngine batch;
    private final Map<String, List<UserEvent>> period = new TreeMap<>();
    private final List<Decision> made = new ArrayList<>();
    private Instant watermark;
    private Instant nextCutoff;

    /** A driver over a campaign catalog and an experiment, each mode with its own fresh in-memory stores. */
    public FastPathDriver(CampaignCatalog catalog, Experiment experiment, FastPathSettings settings) {
        Objects.requireNonNull(catalog, "catalog");
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.settings = Objects.requireNonNull(settings, "settings");
        EngineSettings engineSettings = new EngineSettings(settings.grace(), settings.defaultZone());
        this.realtime = settings.modes().contains(Mode.REALTIME)
                ? new CampaignEngine(
                        catalog, experiment, engineSettings, new InMemoryUserStateStore(), new InMemoryTimerStore())
                : null;
        this.batch = settings.modes().contains(Mode.BATCH)
                ? new CampaignEngine(
                        catalog, experiment, engineSettings, new InMemoryUserStateStore(), new InMemoryTimerStore())
                : null;
    }

    @Override
    public Duration longestDeliveryDelay() {
        BatchSchedule schedule = settings.schedule();
        return EnrolmentCutoff.longestNightlyDelay(schedule.cutoff(), schedule.sendAt(), schedule.zone());
    }

    @Override
    public Experiment experiment() {
        return experiment;
    }

    @Override
    public void begin(Instant start) {
        if (watermark != null) {
            throw new IllegalStateException("the driver has already begun at " + watermark);
        }
        watermark = Objects.requireNonNull(start, "start");
        nextCutoff = settings.schedule().nextCutoffAfter(start);
    }

    @Override
    public void ingest(List<UserEvent> events) {
        requireBegun();
        Instant previous = watermark;
        for (UserEvent event : events) {
            if (event.occurredAt().isBefore(previous)) {
                throw new IllegalArgumentException("event " + event.eventId() + " at " + event.occurredAt()
                        + " is out of order (previous " + previous + ", watermark " + watermark + ")");
            }
            previous = event.occurredAt();
            if (realtime != null) {
                made.addAll(realtime.onEvent(event).decisions());
            }
            if (batch != null) {
                period.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
            }
        }
    }

    @Override
    public List<Decision> advanceTo(Instant newWatermark) {
        requireBegun();
        if (newWatermark.isBefore(watermark)) {
            throw new IllegalArgumentException(
                    "the watermark cannot go back from " + watermark + " to " + newWatermark);
        }
        if (realtime != null) {
            made.addAll(realtime.onWatermark(newWatermark).decisions());
        }
        if (batch != null && !newWatermark.isBefore(nextCutoff)) {
            for (BatchRun run : settings.schedule().runsBetween(watermark, newWatermark)) {
                runBatch(run);
            }
            nextCutoff = settings.schedule().nextCutoffAfter(newWatermark);
        }
        watermark = newWatermark;
        List<Decision> result = List.copyOf(made);
        made.clear();
        return result;
    }

    private void runBatch(BatchRun run) {
        var users = period.entrySet().iterator();
        while (users.hasNext()) {
            Map.Entry<String, List<UserEvent>> entry = users.next();
            List<UserEvent> before = new ArrayList<>();
            List<UserEvent> after = new ArrayList<>();
            for (UserEvent event : entry.getValue()) {
                (event.occurredAt().isBefore(run.cutoff()) ? before : after).add(event);
            }
            if (!before.isEmpty()) {
                made.addAll(batch.onUserPeriod(entry.getKey(), before, run).decisions());
            }
            if (after.isEmpty()) {
                users.remove();
            } else {
                entry.setValue(after);
            }
        }
        made.addAll(batch.onCutoff(run).decisions());
    }

    private void requireBegun() {
        if (watermark == null) {
            throw new IllegalStateException("call begin(start) first");
        }
    }
}
