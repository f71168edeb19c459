package io.kairos.app.report;

import io.kairos.report.MetricsQuery;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the report ({@code kairos.report.*}), for {@code report}, {@code demo} and {@code serve}.
 *
 * @param slices slices of users a report reads side by side, each on its own database connection (a report holds
 *     {@code slices + 1} connections while it runs); about one per core the database server can give it
 */
@ConfigurationProperties("kairos.report")
public record ReportProperties(
        @DefaultValue("" + MetricsQuery.DEFAULT_SLICES) int slices) {}
