package io.kairos.app.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP side's security ({@code kairos.security.*}).
 *
 * @param allowedOrigins the web origins (e.g. {@code https://shop.example.com}) whose pages may send events to the
 *     collector and load the SDK from a browser; none by default
 * @param openMetrics whether {@code /actuator/prometheus} is open to anyone (default: it needs a read key)
 */
@ConfigurationProperties("kairos.security")
public record SecurityProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("false") boolean openMetrics) {}
