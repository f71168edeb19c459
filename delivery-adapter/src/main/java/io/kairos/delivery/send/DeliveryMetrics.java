package io.kairos.delivery.send;

import io.kairos.domain.delivery.DeliveryStatus;
import io.kairos.domain.event.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * The delivery channels' meters: messages recorded from the decisions topic, unreadable ones, attempts by channel and
 * outcome, final states by channel, and the wait from a message's send time to its actual send.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Counter recorded;
    private final Counter unreadable;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recorded = Counter.builder("kairos.delivery.recorded")
                .description("Decided messages recorded in the delivery log from the decisions topic")
                .register(registry);
        this.unreadable = Counter.builder("kairos.delivery.unreadable")
                .description("Decisions-topic records that are not decision messages (logged, not sent)")
                .register(registry);
    }

    public void recorded(int count) {
        recorded.increment(count);
    }

    public void unreadable() {
        unreadable.increment();
    }

    /** One attempt on {@code channel} that ended as {@code outcome} (sent, retriable, refused). */
    public void attempt(Channel channel, String outcome) {
        Counter.builder("kairos.delivery.attempts")
                .description("Attempts to send a message, by channel and outcome")
                .tag("channel", channel.wireName())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A delivery that ended in {@code status}. */
    public void finished(Channel channel, DeliveryStatus status) {
        Counter.builder("kairos.delivery.finished")
                .description("Deliveries that reached a final state, by channel and status")
                .tag("channel", channel.wireName())
                .tag("status", status.wireName())
                .register(registry)
                .increment();
    }

    /** A message sent {@code late} after its send time (zero or more). */
    public void sentAfter(Channel channel, Duration late) {
        Timer.builder("kairos.delivery.send.delay")
                .description("From a message's send time to the channel taking it, wall clock")
                .tag("channel", channel.wireName())
                .publishPercentileHistogram()
                .register(registry)
                .record(late.isNegative() ? Duration.ZERO : late);
    }
}
