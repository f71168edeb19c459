package io.kairos.delivery.inapp;

import io.kairos.delivery.send.DeliveryMetrics;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.delivery.SendTimeCheck;
import io.kairos.domain.event.Channel;
import io.kairos.domain.port.out.DeliveryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-app channel of one process: the browsers connected to it, by user, and the loop that sends each connected
 * user's due in-app messages from the delivery log. A message waits in the log (pending) until its user connects to
 * any process, then the process holding the connection claims it and writes it to every connection of that user it
 * holds; it is sent when one of them acknowledges it. One not acknowledged stays pending: it is written again when its
 * user opens a new connection here, or to any connection once the claim's lease ends, until its time to live ends
 * and it expires. A write alone proves nothing: a page that was closed, frozen or cut off may not have told the server
 * yet, and what is written to its connection is lost. So several processes serve WebSocket clients without routing:
 * each claims only for the users connected to it, and the log's claim makes sure one of them sends.
 */
public final class InAppHub implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(InAppHub.class);

    /** One open client connection. */
    public interface Connection {
        /** Sends a text frame; false if the connection is gone or the send failed. */
        boolean send(String text);
    }

    private final DeliveryLog deliveries;
    private final CampaignCatalog campaigns;
    private final ZoneId zone;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Duration pollInterval;
    private final Duration lease;
    private final int pageSize;
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<UUID, Written> unacknowledged = new ConcurrentHashMap<>();
    private final Set<String> reconnected = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public InAppHub(
            DeliveryLog deliveries,
            CampaignCatalog campaigns,
            ZoneId zone,
            Clock clock,
            DeliveryMetrics metrics,
            Duration pollInterval,
            Duration lease,
            int pageSize) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.pageSize = pageSize;
    }

    /** A message written to a user's connections at a time and not acknowledged yet. */
    private record Written(String userId, Instant at) {}

    /**
     * A client of {@code userId} connected: its waiting messages are sent at once, those written to its earlier
     * connections and not acknowledged included.
     */
    public void connect(String userId, Connection connection) {
        byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(connection);
        reconnected.add(userId);
        wake.release();
    }

    /**
     * A client of {@code userId} acknowledged the message of {@code decisionId}: it is sent, now. An acknowledgement
     * of another user's message, of an unknown one or of one already final changes nothing; false then.
     */
    public boolean acknowledge(String userId, UUID decisionId) {
        Optional<Delivery> delivery = deliveries
                .find(decisionId, Channel.IN_APP)
                .filter(d -> d.userId().equals(userId));
        if (delivery.isEmpty()) {
            return false;
        }
        unacknowledged.remove(decisionId);
        if (delivery.get().status() != DeliveryStatus.PENDING) {
            return false;
        }
        Instant sentAt = clock.instant();
        if (!deliveries.markSent(decisionId, Channel.IN_APP, sentAt)) {
            return false;
        }
        metrics.finished(Channel.IN_APP, DeliveryStatus.SENT);
        metrics.sentAfter(Channel.IN_APP, Duration.between(delivery.get().deliverAt(), sentAt));
        return true;
    }

    /** A client closed its connection. */
    public void disconnect(String userId, Connection connection) {
        byUser.computeIfPresent(userId, (u, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Users with at least one connection to this process. */
    public int connectedUsers() {
        return byUser.size();
    }

    @Override
    public void run() {
        int failures = 0;
        Instant nextExpiry = Instant.MIN;
        try {
            while (stop.getCount() > 0) {
                try {
                    Instant now = clock.instant();
                    if (!now.isBefore(nextExpiry)) {
                        int expired = deliveries.expire(Channel.IN_APP, now);
                        for (int i = 0; i < expired; i++) {
                            metrics.finished(Channel.IN_APP, DeliveryStatus.EXPIRED);
                        }
                        nextExpiry = now.plusSeconds(5);
                    }
                    rewriteForNewConnections(now);
                    int sent = deliverOnce();
                    failures = 0;
                    if (sent < pageSize) {
                        wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                        wake.drainPermits();
                    }
                } catch (RuntimeException e) {
                    failures++;
                    log.warn("in-app: a round failed ({}), retry {}", e.toString(), failures);
                    stop.await(Math.min(30_000L, 200L << Math.min(failures, 8)), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            failure.set(e);
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /**
     * Makes the unacknowledged messages of the users who opened a connection since the last round due at once, so a
     * page opened again gets at once what its closed one may have missed, and forgets those whose lease is over (the
     * log makes them due again on its own).
     */
    private void rewriteForNewConnections(Instant now) {
        Instant leaseStart = now.minus(lease);
        unacknowledged.values().removeIf(written -> !written.at().isAfter(leaseStart));
        Set<String> users = new HashSet<>();
        for (Iterator<String> drained = reconnected.iterator(); drained.hasNext(); drained.remove()) {
            users.add(drained.next());
        }
        if (users.isEmpty()) {
            return;
        }
        for (var entry : unacknowledged.entrySet()) {
            if (users.contains(entry.getValue().userId()) && unacknowledged.remove(entry.getKey()) != null) {
                deliveries.retryAt(
                        entry.getKey(),
                        Channel.IN_APP,
                        now,
                        "written to a connection of its user that did not acknowledge it; its user connected again");
            }
        }
    }

    /** Claims and writes the due messages of the users connected here; returns how many it claimed. */
    public int deliverOnce() {
        if (byUser.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Delivery> page =
                deliveries.claimDueFor(Channel.IN_APP, List.copyOf(byUser.keySet()), now, pageSize, lease);
        for (Delivery delivery : page) {
            deliver(delivery, now);
        }
        return page.size();
    }

    private void deliver(Delivery delivery, Instant now) {
        if (delivery.expiredAt(now)) {
            deliveries.finish(
                    delivery.decisionId(),
                    Channel.IN_APP,
                    DeliveryStatus.EXPIRED,
                    "its time to live ended at " + delivery.expiresAt() + " before its user received it");
            metrics.finished(Channel.IN_APP, DeliveryStatus.EXPIRED);
            return;
        }
        SendTimeCheck.Verdict verdict = SendTimeCheck.at(
                now,
                campaigns.find(delivery.campaignId()).orElse(null),
                zone,
                (from, to) -> deliveries.sentBetween(delivery.userId(), Channel.IN_APP, from, to));
        if (verdict instanceof SendTimeCheck.Wait wait) {
            deliveries.retryAt(delivery.decisionId(), Channel.IN_APP, wait.until(), wait.reason());
            return;
        }
        if (verdict instanceof SendTimeCheck.Suppress suppress) {
            deliveries.finish(delivery.decisionId(), Channel.IN_APP, DeliveryStatus.SUPPRESSED, suppress.reason());
            metrics.finished(Channel.IN_APP, DeliveryStatus.SUPPRESSED);
            return;
        }
        String frame = "{\"type\":\"message\",\"message\":" + delivery.message() + "}";
        // recorded before the write: the acknowledgement may come back before the loop goes on
        unacknowledged.put(delivery.decisionId(), new Written(delivery.userId(), now));
        boolean received = false;
        for (Connection connection : byUser.getOrDefault(delivery.userId(), Set.of())) {
            received |= connection.send(frame);
        }
        if (received) {
            metrics.attempt(Channel.IN_APP, "sent");
        } else {
            unacknowledged.remove(delivery.decisionId());
            metrics.attempt(Channel.IN_APP, "retriable");
            deliveries.retryAt(delivery.decisionId(), Channel.IN_APP, now, "its user's connection closed");
        }
    }

    /** Asks the loop to stop. */
    public void stop() {
        stop.countDown();
        wake.release();
    }

    /** Waits until the loop has stopped; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The failure that stopped it, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }
}
