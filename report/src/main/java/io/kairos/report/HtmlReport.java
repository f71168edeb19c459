package io.kairos.report;

import io.kairos.domain.stats.RelativeLift;
import io.kairos.domain.stats.SurvivalStep;
import io.kairos.domain.stats.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML file ({@code kairos report --html FILE}): inline CSS, the terminal table,
 * the verdicts, inline SVG charts drawn here (Kaplan–Meier curves per arm, relative lifts with their intervals) and
 * tables of processing latency and conversions per day.
 */
public final class HtmlReport {

    private static final Map<String, String> COLOURS =
            Map.of("control", "#7f7f7f", "batch", "#1f77b4", "realtime", "#d62728");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 40;

    private HtmlReport() {}

    /** Renders the whole page. */
    public static String render(ExperimentReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Kairos report: ")
                .append(escape(report.experimentKey()))
                .append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:60rem}")
                .append("pre{background:#f6f6f6;padding:1rem;overflow-x:auto;font-size:0.8rem}")
                .append("table{border-collapse:collapse}td,th{padding:0.1rem 0.8rem;text-align:right}")
                .append("li{margin:0.3rem 0}.significant{font-weight:600}svg{border:1px solid #ddd;background:#fff}")
                .append("</style></head><body>\n<h1>Experiment ")
                .append(escape(report.experimentKey()))
                .append("</h1>\n<p>Observed until ")
                .append(report.observationEnd() == null ? "n/a" : report.observationEnd())
                .append("; enrolment cut-off ")
                .append(report.enrolmentCutoff() == null ? "n/a" : report.enrolmentCutoff())
                .append(": only users first triggered by then are counted as triggered, so that every arm's")
                .append(" message and attribution window fit before the end of observation.</p>\n")
                .append(report.analysis().exploratory() ? "<p class=\"exploratory\"><strong>" : "<p><strong>")
                .append(escape(report.analysis().sentence()))
                .append("</strong></p>\n")
                .append("<h2>Verdicts</h2>\n<ul>\n");
        for (ArmComparison comparison : report.comparisons()) {
            for (Verdict verdict : comparison.verdicts()) {
                html.append("<li")
                        .append(verdict.significant() ? " class=\"significant\"" : "")
                        .append('>')
                        .append(escape(verdict.sentence()))
                        .append("</li>\n");
            }
        }
        html.append("</ul>\n<h2>Time to conversion (Kaplan&ndash;Meier, hours from the trigger)</h2>\n")
                .append(survivalChart(report))
                .append("\n<h2>Relative lift of conversion among triggered users (95% intervals)</h2>\n")
                .append(liftChart(report.comparisons()))
                .append("\n<h2>Processing latency (decisions per bucket, wall clock)</h2>\n")
                .append(latencyTable(report.arms()))
                .append("\n<h2>Conversions per day (UTC)</h2>\n")
                .append(dailyTable(report.arms()))
                .append("\n<h2>Summary</h2>\n<pre>")
                .append(escape(TerminalSummary.render(report)))
                .append("</pre>\n</body></html>\n");
        return html.toString();
    }

    /** One step curve per arm with triggered users, from survival 1 at hour 0 to the attribution window. */
    static String survivalChart(ExperimentReport report) {
        double horizon = ExperimentReport.hours(report.attributionWindow());
        StringBuilder svg = open("Kaplan-Meier curves");
        axes(svg, "0 h", format(horizon, 0) + " h", "1", "0");
        int legend = 0;
        for (ArmSummary arm : report.arms()) {
            if (arm.timeToConversion().isEmpty()) {
                continue;
            }
            String colour = COLOURS.getOrDefault(arm.metrics().arm(), "#000000");
            StringBuilder path = new StringBuilder("M" + x(0, horizon) + " " + y(1.0));
            double survival = 1.0;
            for (SurvivalStep step : arm.timeToConversion().get().steps()) {
                if (step.time() > horizon) {
                    break;
                }
                path.append(" H").append(x(step.time(), horizon));
                survival = step.survival();
                path.append(" V").append(y(survival));
            }
            path.append(" H").append(x(horizon, horizon));
            svg.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(colour)
                    .append("\" d=\"")
                    .append(path)
                    .append("\"/>\n");
            svg.append("<text x=\"")
                    .append(WIDTH - MARGIN - 90)
                    .append("\" y=\"")
                    .append(MARGIN + 15 + 16 * legend++)
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\">")
                    .append(escape(arm.metrics().arm()))
                    .append("</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** A forest plot: one row per comparison, the estimate as a dot, its interval as a bar, zero as a line. */
    static String liftChart(List<ArmComparison> comparisons) {
        List<ArmComparison> rows = new ArrayList<>();
        double extent = 0.1;
        for (ArmComparison comparison : comparisons) {
            Optional<RelativeLift> lift = comparison.conversionLift();
            if (lift.isPresent()) {
                rows.add(comparison);
                extent = Math.max(
                        extent,
                        Math.max(
                                Math.abs(lift.get().interval().lower()),
                                Math.abs(lift.get().interval().upper())));
            }
        }
        if (rows.isEmpty()) {
            return "<p>Not enough data for a lift.</p>";
        }
        StringBuilder svg = open("Relative lifts");
        int left = 170;
        int right = WIDTH - MARGIN;
        double zero = (left + right) / 2.0;
        double scale = (right - left) / 2.0 / extent;
        svg.append(line(zero, MARGIN / 2.0, zero, HEIGHT - MARGIN / 2.0, "#999999"));
        svg.append(text(left, HEIGHT - 8, format(-extent * 100, 0) + "%", "start"));
        svg.append(text(right, HEIGHT - 8, "+" + format(extent * 100, 0) + "%", "end"));
        double step = (HEIGHT - MARGIN) / (double) rows.size();
        for (int i = 0; i < rows.size(); i++) {
            RelativeLift lift = rows.get(i).conversionLift().orElseThrow();
            double rowY = MARGIN / 2.0 + step * (i + 0.5);
            svg.append(text(
                    10, rowY + 4, rows.get(i).treatment() + " vs " + rows.get(i).control(), "start"));
            svg.append(line(
                    zero + lift.interval().lower() * scale,
                    rowY,
                    zero + lift.interval().upper() * scale,
                    rowY,
                    "#1f77b4"));
            svg.append("<circle r=\"5\" fill=\"#1f77b4\" cx=\"")
                    .append(format(zero + lift.estimate() * scale, 1))
                    .append("\" cy=\"")
                    .append(format(rowY, 1))
                    .append("\"><title>")
                    .append(escape(String.format(
                            Locale.ROOT,
                            "%+.1f%% (95%% CI %.1f%% to %.1f%%)",
                            lift.estimate() * 100,
                            lift.interval().lower() * 100,
                            lift.interval().upper() * 100)))
                    .append("</title></circle>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** One row per latency bucket, one column per arm with a histogram; a sentence when no arm has one. */
    static String latencyTable(List<ArmSummary> arms) {
        List<ArmSummary> measured =
                arms.stream().filter(arm -> !arm.latencyHistogram().isEmpty()).toList();
        if (measured.isEmpty()) {
            return "<p>No decision with a processing latency (batch decisions have none).</p>";
        }
        StringBuilder table = header("latency", measured);
        List<LatencyBucket> buckets = measured.get(0).latencyHistogram();
        for (int i = 0; i < buckets.size(); i++) {
            LatencyBucket bucket = buckets.get(i);
            String label = bucket.toMillis().isPresent()
                    ? format(bucket.fromMillis(), 0) + "&ndash;"
                            + format(bucket.toMillis().getAsDouble(), 0) + " ms"
                    : "&ge; " + format(bucket.fromMillis(), 0) + " ms";
            table.append("<tr><td>").append(label).append("</td>");
            for (ArmSummary arm : measured) {
                table.append("<td>")
                        .append(arm.latencyHistogram().get(i).decisions())
                        .append("</td>");
            }
            table.append("</tr>\n");
        }
        return table.append("</table>").toString();
    }

    /** One row per day with a conversion in any arm, one column per arm. */
    static String dailyTable(List<ArmSummary> arms) {
        Map<LocalDate, Map<String, Long>> days = new TreeMap<>();
        for (ArmSummary arm : arms) {
            for (DailyConversions day : arm.conversionsPerDay()) {
                days.computeIfAbsent(day.day(), d -> new HashMap<>())
                        .put(arm.metrics().arm(), day.conversions());
            }
        }
        if (days.isEmpty()) {
            return "<p>No conversion yet.</p>";
        }
        StringBuilder table = header("day", arms);
        days.forEach((day, counts) -> {
            table.append("<tr><td>").append(day).append("</td>");
            for (ArmSummary arm : arms) {
                table.append("<td>")
                        .append(counts.getOrDefault(arm.metrics().arm(), 0L))
                        .append("</td>");
            }
            table.append("</tr>\n");
        });
        return table.append("</table>").toString();
    }

    private static StringBuilder header(String first, List<ArmSummary> arms) {
        StringBuilder table = new StringBuilder("<table><tr><th>").append(first).append("</th>");
        for (ArmSummary arm : arms) {
            table.append("<th>").append(escape(arm.metrics().arm())).append("</th>");
        }
        return table.append("</tr>\n");
    }

    private static StringBuilder open(String label) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" font-size=\"12\">\n");
    }

    private static void axes(StringBuilder svg, String xFrom, String xTo, String yTop, String yBottom) {
        svg.append(line(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN, "#444444"));
        svg.append(line(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN, "#444444"));
        svg.append(text(MARGIN, HEIGHT - MARGIN + 16, xFrom, "start"));
        svg.append(text(WIDTH - MARGIN, HEIGHT - MARGIN + 16, xTo, "end"));
        svg.append(text(MARGIN - 6, MARGIN + 4, yTop, "end"));
        svg.append(text(MARGIN - 6, HEIGHT - MARGIN, yBottom, "end"));
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                x1,
                y1,
                x2,
                y2,
                colour);
    }

    private static String text(double x, double y, String value, String anchor) {
        return String.format(
                Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escape(value));
    }

    private static String x(double hours, double horizon) {
        return format(MARGIN + (WIDTH - 2.0 * MARGIN) * Math.min(hours, horizon) / horizon, 1);
    }

    private static String y(double survival) {
        return format(HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * survival, 1);
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
