package io.kairos.app.campaign;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.port.out.CampaignVersionStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign timeline of a running process: version 0 (the configured file or the built-in defaults) followed by
 * the versions published in the database, loaded at start and, for the real-time consumer, refreshed periodically so
 * that a version published while it runs is known before its effective time. A refresh that fails keeps the last
 * timeline and is logged; the next one tries again.
 */
public final class PublishedCampaigns implements Supplier<CampaignTimeline>, AutoCloseable {

    /** How often the real-time consumer looks for newly published versions by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PublishedCampaigns.class);

    private final CampaignVersionStore store;
    private final CampaignVersion base;
    private volatile CampaignTimeline current;
    private ScheduledExecutorService refresher;

    private PublishedCampaigns(CampaignVersionStore store, CampaignVersion base) {
        this.store = Objects.requireNonNull(store, "store");
        this.base = base;
        this.current = CampaignTimeline.of(base, store.history());
        CampaignVersion latest = current.latest();
        if (latest.number() > 0) {
            LOG.info(
                    "campaign versions loaded: {} published, latest {} in force from {}",
                    latest.number(),
                    latest.number(),
                    latest.effectiveAt());
        }
    }

    /** The configured catalog as version 0 followed by every published version, read now. */
    public static PublishedCampaigns load(CampaignVersionStore store, CampaignCatalog configured) {
        return new PublishedCampaigns(store, CampaignVersion.unpublished(configured, ""));
    }

    /** Refreshes the timeline every {@code interval} on a daemon thread until closed. */
    public synchronized PublishedCampaigns refreshingEvery(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the campaign refresh interval must be positive, was " + interval);
        }
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "kairos-campaign-refresh");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public CampaignTimeline get() {
        return current;
    }

    /** Reads the published versions again; true when the timeline is up to date, false when the read failed. */
    public boolean refresh() {
        try {
            List<CampaignVersion> published = store.history();
            if (published.size() != current.versions().size() - 1) {
                current = CampaignTimeline.of(base, published);
                CampaignVersion latest = current.latest();
                LOG.info(
                        "campaign version {} by {} learnt; in force from {} (event time)",
                        latest.number(),
                        latest.author(),
                        latest.effectiveAt());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot read the published campaign versions, keeping version {}: {}",
                    current.latest().number(),
                    e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
