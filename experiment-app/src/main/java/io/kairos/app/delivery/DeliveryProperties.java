package io.kairos.app.delivery;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the delivery channels ({@code kairos.delivery.*}).
 *
 * @param group the consumer group reading the decisions topic into the delivery log
 * @param timeToLive how long a message stays worth sending after its send time (then it expires unsent)
 * @param campaignTimeToLive a campaign's own time to live, by campaign id, instead of {@code timeToLive}
 * @param zone the zone in which quiet hours and frequency caps are judged again at sending
 * @param lease how long a claimed message is left to its sender before another may claim it; above the webhook
 *     timeout
 * @param pageSize messages claimed per round
 * @param idleWait the pause of the dispatcher when nothing is due
 * @param retryBase the upper bound of the first retry's wait (full jitter)
 * @param retryCap the largest upper bound of any retry's wait
 * @param maxAttempts attempts per message, the first included; then it is dead
 * @param webhooks the webhook endpoint of each channel by its name ({@code email}, {@code sms}, {@code push},
 *     {@code webhook})
 * @param inApp the in-app channel's settings
 */
@ConfigurationProperties("kairos.delivery")
public record DeliveryProperties(
        @DefaultValue("delivery") String group,
        @DefaultValue("24h") Duration timeToLive,
        @DefaultValue Map<String, Duration> campaignTimeToLive,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("100") int pageSize,
        @DefaultValue("200ms") Duration idleWait,
        @DefaultValue("1s") Duration retryBase,
        @DefaultValue("5m") Duration retryCap,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue Map<String, Webhook> webhooks,
        @DefaultValue InApp inApp) {

    /**
     * One channel's webhook.
     *
     * @param url where each message is posted
     * @param secret the signing secret (the receiver verifies {@code Kairos-Signature} with it)
     * @param timeout the longest wait for an answer
     * @param concurrency requests in flight at once to this endpoint
     */
    public record Webhook(
            URI url,
            String secret,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("4") int concurrency) {}

    /**
     * The in-app channel.
     *
     * @param identitySecret when set, a client subscribes only with its user's hash (hex HMAC-SHA256 of the user id
     *     under this secret, computed by the site's backend)
     * @param pollInterval how often the delivery log is asked for the connected users' new messages
     */
    public record InApp(
            String identitySecret, @DefaultValue("100ms") Duration pollInterval) {}
}
