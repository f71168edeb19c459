package io.kairos.app.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP event collector of {@code kairos serve} ({@code kairos.collector.*}).
 *
 * @param maxEvents the most events one request may hold (413 above)
 * @param maxBodyBytes the largest request body in bytes (413 above)
 * @param requestsPerSecond requests one instance admits per second (429 above)
 * @param ackTimeout how long a request waits for the event log to acknowledge its events before it answers 503
 * @param retryAfter the wait a 429 or 503 answer asks for
 */
@ConfigurationProperties("kairos.collector")
public record CollectorProperties(
        @DefaultValue("500") int maxEvents,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("2000") int requestsPerSecond,
        @DefaultValue("10s") Duration ackTimeout,
        @DefaultValue("5s") Duration retryAfter) {}
