package io.kairos.app.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code kairos serve} ({@code kairos.serve.*}).
 *
 * @param reportTtl how long a computed report is served from memory before the next request computes it again
 */
@ConfigurationProperties("kairos.serve")
public record ServeProperties(@DefaultValue("60s") Duration reportTtl) {}
