package io.kairos.delivery.send;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.delivery.Delivery;
import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.delivery.RetrySchedule;
import io.kairos.domain.delivery.SendTimeCheck;
import io.kairos.domain.event.Channel;
import io.kairos.domain.port.out.DeliveryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the due deliveries of the push-style channels (every channel but in-app): claims a page from the delivery
 * log under a lease, and for each message checks its time to live and, at the moment of sending, the campaign's quiet
 * hours and frequency cap ({@link SendTimeCheck}), then hands it to its channel's sender, at most the sender's
 * concurrency at once per endpoint. A sent message is marked sent; a failure that may pass is tried again after the
 * {@link RetrySchedule}'s backoff, until its attempts are used up (then dead, with the last error); a refusal is dead
 * at once. A channel without a configured sender is dead with a sentence naming the setting. Runs on a thread of its
 * own; any number of dispatchers may share one log.
 */
public final class Dispatcher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryLog deliveries;
    private final Map<Channel, ChannelSender> senders;
    private final CampaignCatalog campaigns;
    private final java.time.ZoneId zone;
    private final RetrySchedule retry;
    private final Duration lease;
    private final int pageSize;
    private final Duration idleWait;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Set<Channel> channels;
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    private final Set<Channel> warnedUnconfigured = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public Dispatcher(
            DeliveryLog deliveries,
            Map<Channel, ChannelSender> senders,
            CampaignCatalog campaigns,
            java.time.ZoneId zone,
            RetrySchedule retry,
            Duration lease,
            int pageSize,
            Duration idleWait,
            Clock clock,
            DeliveryMetrics metrics) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.senders = Map.copyOf(senders);
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.pageSize = pageSize;
        this.idleWait = Objects.requireNonNull(idleWait, "idleWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        EnumSet<Channel> pushed = EnumSet.allOf(Channel.class);
        pushed.remove(Channel.IN_APP);
        this.channels = pushed;
    }

    @Override
    public void run() {
        int failures = 0;
        try {
            while (stop.getCount() > 0) {
                try {
                    int handled = dispatchOnce();
                    failures = 0;
                    if (handled == 0) {
                        stop.await(idleWait.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (RuntimeException e) {
                    failures++;
                    log.warn("delivery: a round failed ({}), retry {}", e.toString(), failures);
                    stop.await(Math.min(30_000L, 200L << Math.min(failures, 8)), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            failure.set(e);
            throw e;
        } finally {
            pools.values().forEach(ExecutorService::shutdown);
            finished.countDown();
        }
    }

    /** Claims one page of due deliveries and handles each; returns how many it claimed. */
    public int dispatchOnce() throws InterruptedException {
        List<Delivery> page = deliveries.claimDue(channels, clock.instant(), pageSize, lease);
        List<Future<?>> running = new ArrayList<>(page.size());
        for (Delivery delivery : page) {
            ChannelSender sender = senders.get(delivery.channel());
            if (sender == null) {
                unconfigured(delivery);
                continue;
            }
            ExecutorService pool = pools.computeIfAbsent(
                    sender.endpoint(),
                    endpoint -> Executors.newFixedThreadPool(sender.concurrency(), runnable -> {
                        Thread thread = new Thread(runnable, "kairos-webhook-" + endpoint);
                        thread.setDaemon(true);
                        return thread;
                    }));
            running.add(pool.submit(() -> handle(delivery, sender)));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("delivery: handling a message failed: {}", e.getCause().toString());
            }
        }
        return page.size();
    }

    private void unconfigured(Delivery delivery) {
        String setting = "kairos.delivery.webhooks." + delivery.channel().wireName() + ".url";
        String reason = "no sender is configured for the " + delivery.channel().wireName() + " channel (set " + setting
                + ", docs/operations.md \"Delivery\")";
        if (warnedUnconfigured.add(delivery.channel())) {
            log.warn("delivery: {}; its messages are recorded as dead", reason);
        }
        finish(delivery, DeliveryStatus.DEAD, reason);
    }

    void handle(Delivery delivery, ChannelSender sender) {
        Instant now = clock.instant();
        if (delivery.expiredAt(now)) {
            finish(
                    delivery,
                    DeliveryStatus.EXPIRED,
                    "its time to live ended at " + delivery.expiresAt() + " before it could be sent");
            return;
        }
        Campaign campaign = campaigns.find(delivery.campaignId()).orElse(null);
        SendTimeCheck.Verdict verdict = SendTimeCheck.at(
                now,
                campaign,
                zone,
                (from, to) -> deliveries.sentBetween(delivery.userId(), delivery.channel(), from, to));
        if (verdict instanceof SendTimeCheck.Wait wait) {
            deliveries.retryAt(delivery.decisionId(), delivery.channel(), wait.until(), wait.reason());
            return;
        }
        if (verdict instanceof SendTimeCheck.Suppress suppress) {
            finish(delivery, DeliveryStatus.SUPPRESSED, suppress.reason());
            return;
        }
        SendOutcome outcome = sender.send(delivery);
        Instant after = clock.instant();
        if (outcome instanceof SendOutcome.Sent) {
            metrics.attempt(delivery.channel(), "sent");
            if (deliveries.markSent(delivery.decisionId(), delivery.channel(), after)) {
                metrics.finished(delivery.channel(), DeliveryStatus.SENT);
                metrics.sentAfter(delivery.channel(), Duration.between(delivery.deliverAt(), after));
            }
        } else if (outcome instanceof SendOutcome.Retriable retriable) {
            metrics.attempt(delivery.channel(), "retriable");
            OptionalLong wait = retry.waitAfter(delivery.attempts(), ThreadLocalRandom.current()::nextDouble);
            if (wait.isPresent()) {
                deliveries.retryAt(
                        delivery.decisionId(),
                        delivery.channel(),
                        after.plusMillis(wait.getAsLong()),
                        retriable.error());
            } else {
                finish(
                        delivery,
                        DeliveryStatus.DEAD,
                        retriable.error() + ", after " + delivery.attempts() + " attempts to " + sender.endpoint());
            }
        } else if (outcome instanceof SendOutcome.Refused refused) {
            metrics.attempt(delivery.channel(), "refused");
            finish(delivery, DeliveryStatus.DEAD, "refused by " + sender.endpoint() + ": " + refused.error());
        }
    }

    private void finish(Delivery delivery, DeliveryStatus status, String reason) {
        deliveries.finish(delivery.decisionId(), delivery.channel(), status, reason);
        metrics.finished(delivery.channel(), status);
        if (status == DeliveryStatus.DEAD) {
            log.warn(
                    "delivery: {} on {} for {} is dead: {}",
                    delivery.decisionId(),
                    delivery.channel().wireName(),
                    delivery.userId(),
                    reason);
        }
    }

    /** Asks the dispatcher to stop after the current page. */
    public void stop() {
        stop.countDown();
    }

    /** Waits until the dispatcher has stopped; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The failure that stopped it, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }
}
