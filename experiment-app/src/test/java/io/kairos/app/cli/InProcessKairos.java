package io.kairos.app.cli;

import io.kairos.app.KairosCommandLine;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code kairos} run in this JVM with its standard output and error captured, as the command tests read it. */
public final class InProcessKairos {

    /** How a run ended: the exit code and what it printed. */
    public record Run(int exit, String out, String err) {}

    private InProcessKairos() {}

    /** {@code kairos arguments} as given. */
    public static Run run(String... arguments) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int exit = KairosCommandLine.execute(arguments);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** {@code kairos arguments} against {@code database} and the test Kafka broker. */
    public static Run against(TestPostgres database, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--spring.datasource.url=" + database.jdbcUrl());
        all.add("--spring.datasource.username=" + database.username());
        all.add("--spring.datasource.password=" + database.password());
        all.add("--spring.kafka.bootstrap-servers=" + TestServers.kafka().bootstrapServers());
        return run(all.toArray(String[]::new));
    }
}
