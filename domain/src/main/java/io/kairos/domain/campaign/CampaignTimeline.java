package io.kairos.domain.campaign;

import io.kairos.domain.state.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The campaign versions in the order they come into force, answering which version is in force at an event time.
 * Version 0 (the configuration) is in force until the first published version's effective time; a version is in
 * force from its effective time inclusive until the next one's exclusive. A timeline without published versions is
 * version 0 for all time, so the engine behaves exactly as with a single catalog.
 */
public final class CampaignTimeline {

    private final List<CampaignVersion> versions;
    private final Retention retention;

    private CampaignTimeline(List<CampaignVersion> versions) {
        this.versions = List.copyOf(versions);
        this.retention = widest(versions);
    }

    /** A timeline of only version 0 over a catalog (no published versions). */
    public static CampaignTimeline only(CampaignCatalog catalog) {
        return of(CampaignVersion.unpublished(catalog, ""), List.of());
    }

    /**
     * Version 0 followed by the published versions; they must be numbered 1, 2, ... with strictly increasing
     * effective times.
     */
    public static CampaignTimeline of(CampaignVersion base, List<CampaignVersion> published) {
        Objects.requireNonNull(base, "base");
        if (base.number() != 0) {
            throw new IllegalArgumentException("the base of a timeline is version 0, was " + base.number());
        }
        List<CampaignVersion> all = new ArrayList<>();
        all.add(base);
        for (CampaignVersion version : published) {
            CampaignVersion previous = all.get(all.size() - 1);
            if (version.number() != previous.number() + 1) {
                throw new IllegalArgumentException(
                        "campaign version " + version.number() + " follows version " + previous.number());
            }
            if (!version.effectiveAt().isAfter(previous.effectiveAt())) {
                throw new IllegalArgumentException("campaign version " + version.number() + " takes effect at "
                        + version.effectiveAt() + ", not after version " + previous.number() + " ("
                        + previous.effectiveAt() + ")");
            }
            all.add(version);
        }
        return new CampaignTimeline(all);
    }

    /** The version in force at an event time: the last one whose effective time is at or before it. */
    public CampaignVersion inForceAt(Instant time) {
        Objects.requireNonNull(time, "time");
        for (int i = versions.size() - 1; i > 0; i--) {
            if (!versions.get(i).effectiveAt().isAfter(time)) {
                return versions.get(i);
            }
        }
        return versions.get(0);
    }

    /** Every version, version 0 first. */
    public List<CampaignVersion> versions() {
        return versions;
    }

    /** The most recently published version, or version 0. */
    public CampaignVersion latest() {
        return versions.get(versions.size() - 1);
    }

    /**
     * The state retention of every version together (the longest horizon of each kind), so that a switch of
     * version never finds the history its windows read already trimmed; with version 0 alone, its own retention.
     */
    public Retention retention() {
        return retention;
    }

    private static Retention widest(List<CampaignVersion> versions) {
        Retention first = versions.get(0).catalog().retention();
        if (versions.size() == 1) {
            return first;
        }
        Duration purchases = first.purchaseHorizon();
        Duration messages = first.messageHorizon();
        Map<String, Duration> events = new HashMap<>(first.eventHorizons());
        int recent = first.maxRecentEvents();
        for (CampaignVersion version : versions.subList(1, versions.size())) {
            Retention r = version.catalog().retention();
            purchases = max(purchases, r.purchaseHorizon());
            messages = max(messages, r.messageHorizon());
            r.eventHorizons().forEach((type, horizon) -> events.merge(type, horizon, CampaignTimeline::max));
            recent = Math.max(recent, r.maxRecentEvents());
        }
        return new Retention(purchases, messages, events, recent);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
