package io.kairos.app.delivery;

import io.kairos.delivery.feed.DecisionFeed;
import io.kairos.delivery.inapp.InAppHub;
import io.kairos.delivery.send.Dispatcher;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery role's threads: the decisions feed, the dispatcher and the in-app hub, started together and stopped
 * in order (the feed first, so no new message is recorded while the senders finish the ones in hand).
 */
public final class DeliveryService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final DecisionFeed feed;
    private final Dispatcher dispatcher;
    private final InAppHub hub;
    private boolean started;

    public DeliveryService(DecisionFeed feed, Dispatcher dispatcher, InAppHub hub) {
        this.feed = feed;
        this.dispatcher = dispatcher;
        this.hub = hub;
    }

    /** Starts the three threads. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        thread(feed, "kairos-delivery-feed").start();
        thread(dispatcher, "kairos-delivery-dispatcher").start();
        thread(hub, "kairos-delivery-in-app").start();
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Whether the feed has joined its consumer group. */
    public boolean joined() {
        return feed.joined();
    }

    /** The failure that stopped a thread, if any. */
    public Optional<Throwable> failure() {
        return feed.failure().or(dispatcher::failure).or(hub::failure);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (!started) {
            return;
        }
        feed.stop();
        if (!feed.awaitExit(STOP)) {
            log.warn("delivery: the decisions feed did not stop within {}", STOP);
        }
        dispatcher.stop();
        hub.stop();
        if (!dispatcher.awaitExit(STOP) || !hub.awaitExit(STOP)) {
            log.warn("delivery: the senders did not stop within {}; unsent messages stay pending", STOP);
        }
    }
}
