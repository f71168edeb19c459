package io.kairos.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code kairos} jar of this build (system property {@code kairos.jar}), run as a process of its own in a
 * working directory, without the caller's {@code POSTGRES_*}, {@code KAFKA_*}, {@code SPRING_*} and {@code KAIROS_*}
 * environment, so that only the arguments and the given variables configure it. Its JIT stops at the first tier
 * ({@value #QUICK_START}): a test's process lives seconds, so the optimising compiler's threads would only compete with
 * the test for a small machine's cores (a start about a third quicker); no behaviour depends on the JIT.
 */
public final class PackagedKairos {

    /** How a finished run ended: its exit code and everything it wrote. */
    public record Run(int exitCode, String out, String err) {}

    /** The JVM option every process gets. */
    public static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private PackagedKairos() {}

    /**
     * The process for {@code java -XX:TieredStopAtLevel=1 [jvmOptions] -jar kairos.jar args} in {@code directory}, not
     * started.
     */
    public static ProcessBuilder builder(
            Path directory, List<String> jvmOptions, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(QUICK_START);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(System.getProperty("kairos.jar"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("POSTGRES_")
                        || k.startsWith("KAFKA_")
                        || k.startsWith("SPRING_")
                        || k.startsWith("KAIROS_"));
        builder.environment().putAll(env);
        return builder;
    }

    /** {@code kairos args} started in {@code directory} with {@code env} on top of the cleaned environment. */
    public static Process start(Path directory, Map<String, String> env, String... args) throws IOException {
        return builder(directory, List.of(), env, List.of(args)).start();
    }

    /** {@code kairos args} run to its end; fails the test when it takes longer than {@code limit}. */
    public static Run run(Path directory, Map<String, String> env, Duration limit, String... args) throws Exception {
        Process process = start(directory, env, args);
        ProcessOutput out = ProcessOutput.of(process.getInputStream(), limit);
        ProcessOutput err = ProcessOutput.of(process.getErrorStream(), limit);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kairos " + String.join(" ", args) + " did not finish within " + limit);
        }
        return new Run(process.exitValue(), out.whenClosed(), err.whenClosed());
    }
}
