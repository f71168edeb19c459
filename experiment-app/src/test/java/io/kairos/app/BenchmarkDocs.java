package io.kairos.app;

import io.kairos.testsupport.TestKafka;
import io.kairos.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmark programs share to publish results: the machine's facts and a results block of docs/benchmarks.md. */
public final class BenchmarkDocs {

    private BenchmarkDocs() {}

    /** One sentence of the machine's facts (cores, CPU, memory, Java, the servers' versions and load average). */
    public static String machine(TestKafka kafka, TestPostgres postgres) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String load = "unknown";
        String cpu = "unknown";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            // /proc is Linux's: elsewhere the facts stay unknown.
        }
        return String.format(
                Locale.ROOT,
                "Machine: %d cores (%s), %.0f GiB; Java %s (%s); Kafka %s (%s broker), PostgreSQL (%s); broker,"
                        + " database and consumers on the same machine; load average %s at the end.",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                org.apache.kafka.common.utils.AppInfoParser.getVersion(),
                kafka.source(),
                postgres.source(),
                load);
    }

    /**
     * Replaces the block of docs/benchmarks.md (found in the working directory or above it) from the line {@code <!--
     * name:start -->} to {@code <!-- name:end -->} with {@code results}, which must begin and end with those markers.
     */
    public static void replaceBlock(String name, String section, String results) {
        String start = startMarker(name);
        String end = endMarker(name);
        Path docs = locate();
        try {
            String text = Files.readString(docs);
            int from = text.indexOf(start);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException(docs + " has no " + start + " ... " + end + " block in its \"" + section
                        + "\" section to replace");
            }
            Files.writeString(
                    docs, text.substring(0, from) + results.stripTrailing() + text.substring(to + end.length()));
            System.out.println("Updated " + docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + docs, e);
        }
    }

    /** The line opening the results block {@code name}. */
    public static String startMarker(String name) {
        return "<!-- " + name + ":start -->";
    }

    /** The line closing the results block {@code name}. */
    public static String endMarker(String name) {
        return "<!-- " + name + ":end -->";
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/benchmarks.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "docs/benchmarks.md not found above " + Path.of("").toAbsolutePath());
    }
}
