package io.kairos.app.batch;

import static io.kairos.app.BenchmarkArguments.intArg;
import static io.kairos.app.BenchmarkArguments.seconds;
import static io.kairos.app.BenchmarkArguments.stringArg;

import io.kairos.batch.NightlyRunReport;
import io.kairos.domain.event.UserEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * Benchmark of one nightly run over a day of N archived events, against a raw COPY-out of the same day's rows measured
 * in the same run on the same database. Not a test: run it as a program (see docs/benchmarks.md).
 *
 * <p>Arguments: {@code --events N} (default 2,000,000), {@code --users U} (default 100,000), {@code --partitions P}
 * (default 2), {@code --rounds R} (default 3: nights after the first run, each the same day for a new experiment
 * with the job's output tables emptied first, as a long-running scheduler runs night after night), {@code --day
 * simulated|triggers} (default {@code simulated}: a day of the simulator's population, see
 * {@link SimulatedDay}; {@code triggers}: every event drawn from the campaigns' triggers, a decision-heavy day).
 */
public final class NightlyBatchBenchmark {

    private static final int APPEND_BATCH = 50_000;

    private NightlyBatchBenchmark() {}

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 2_000_000);
        int users = intArg(args, "--users", 100_000);
        int partitions = intArg(args, "--partitions", 2);
        int rounds = intArg(args, "--rounds", 3);
        String day = stringArg(args, "--day", "simulated");
        if (!day.equals("simulated") && !day.equals("triggers")) {
            throw new IllegalArgumentException("--day takes simulated or triggers, was " + day);
        }
        Instant dayStart = BatchTestBed.START;
        Instant cutoff = BatchTestBed.SCHEDULE.cutoffOn(BatchTestBed.DAY_1);
        try (BatchTestBed bed = BatchTestBed.start(
                "batch_benchmark",
                0,
                "kairos.batch.chunk-size=2000",
                "kairos.batch.partitions=" + partitions,
                "kairos.batch.read-ahead=4000",
                "kairos.batch.progress-interval=10s")) {
            long loadStart = System.nanoTime();
            if (day.equals("simulated")) {
                List<UserEvent> simulated = SimulatedDay.events(users, events, dayStart);
                events = simulated.size();
                for (int from = 0; from < simulated.size(); from += APPEND_BATCH) {
                    bed.archive(simulated.subList(from, Math.min(simulated.size(), from + APPEND_BATCH)));
                }
            } else {
                archive(bed, events, users, dayStart);
            }
            bed.jdbc.execute("vacuum analyze user_event");
            System.out.printf("archived %,d events of %,d users in %.1f s%n", events, users, seconds(loadStart));

            DataSource dataSource = bed.context.getBean(DataSource.class);
            copyOut(dataSource, dayStart, cutoff, true);

            double firstRatio = 0;
            List<Double> jobs = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int night = 0; night <= rounds; night++) {
                if (night > 0) {
                    bed.jdbc.execute("truncate decision, decision_outbox, batch_profile, batch_pending_timer");
                    bed.jdbc.execute("vacuum analyze decision, decision_outbox, batch_profile, batch_pending_timer");
                }
                String experiment = "night" + night;
                bed.defineExperiment(experiment);
                double copyOut = copyOut(dataSource, dayStart, cutoff, false);
                JobRun run = JobRun.of(bed, experiment, cutoff);
                double ratio = run.wallSeconds / copyOut;
                System.out.printf(
                        "%s: nightly job %s; ratio to the raw COPY-out %.2f%n",
                        night == 0 ? "first run in this JVM" : "night " + (night + 1), run, ratio);
                if (night == 0) {
                    firstRatio = ratio;
                } else {
                    jobs.add(run.wallSeconds);
                    ratios.add(ratio);
                }
            }
            int decisions = bed.jdbc.queryForObject("select count(*) from decision", Integer.class);
            int active = bed.jdbc.queryForObject("select count(distinct user_id) from batch_profile", Integer.class);
            double copyInOutput = copyInOutput(dataSource);
            double copyOut = copyOut(dataSource, dayStart, cutoff, false);
            System.out.printf(
                    "%,d events of %,d users; each run wrote %,d decisions%n"
                            + "ratio job / raw COPY-out: first run %.2f; later nights median %.2f (job median %.2f s)%n"
                            + "raw COPY-in of the job's output (decisions, profiles, outbox): %.2f s;"
                            + " (raw COPY-out + that) / raw COPY-out: %.2f%n",
                    events,
                    active,
                    decisions,
                    firstRatio,
                    median(ratios),
                    median(jobs),
                    copyInOutput,
                    (copyOut + copyInOutput) / copyOut);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** One nightly run's wall time, its job repository's share and the CPU the JVM and PostgreSQL spent on it. */
    private record JobRun(double wallSeconds, double repositoryShare, double jvmCpu, double postgresCpu) {

        static JobRun of(BatchTestBed bed, String experiment, Instant cutoff) throws Exception {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            double postgresStart = postgresCpuSeconds();
            long start = System.nanoTime();
            JobExecution execution = bed.runner().run(experiment, cutoff);
            double wallSeconds = seconds(start);
            double jvmCpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            double postgresCpu = postgresCpuSeconds() - postgresStart;
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("the nightly run ended " + execution.getStatus());
            }
            Duration wall = Duration.ofNanos((long) (wallSeconds * 1e9));
            double share = bed.context.getBean(NightlyRunReport.class).lastRepositoryShare(wall);
            return new JobRun(wallSeconds, share, jvmCpu, postgresCpu);
        }

        @Override
        public String toString() {
            return String.format(
                    "%.2f s, job repository %.1f%% of it; CPU: JVM %.2f s, PostgreSQL %.2f s",
                    wallSeconds, 100 * repositoryShare, jvmCpu, postgresCpu);
        }
    }

    /** A day where every event is drawn at random from the default campaigns' triggers: a decision-heavy stress day. */
    private static void archive(BatchTestBed bed, int events, int users, Instant dayStart) {
        Random random = new Random(42);
        List<UserEvent> batch = new ArrayList<>(APPEND_BATCH);
        long span = Duration.ofDays(1).toSeconds();
        for (int i = 0; i < events; i++) {
            int user = random.nextInt(users);
            batch.add(new UserEvent(
                    new UUID(7, i),
                    "user-" + user,
                    dayStart.plusMillis((long) (random.nextDouble() * span * 1000)),
                    "s-" + user,
                    BatchTestBed.properties(random)));
            if (batch.size() == APPEND_BATCH) {
                bed.archive(batch);
                batch.clear();
            }
        }
        bed.archive(batch);
    }

    /**
     * CPU seconds used so far by the machine's running {@code postgres} processes (from /proc, at 100 ticks per
     * second): with the database on this machine, what the server spent during the job. Zero where /proc is absent.
     */
    private static double postgresCpuSeconds() throws IOException {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int nameEnd = stat.lastIndexOf(')');
                if (nameEnd < 0
                        || !stat.substring(stat.indexOf('(') + 1, nameEnd).equals("postgres")) {
                    continue;
                }
                String[] fields = stat.substring(nameEnd + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        }
        return ticks / 100.0;
    }

    /** COPY of the day's rows to a sink that discards them, as fast as PostgreSQL can send them. */
    private static double copyOut(DataSource dataSource, Instant from, Instant until, boolean ordered)
            throws Exception {
        String query = "copy (select event_id, user_id, occurred_at, session_id, event_type, properties"
                + " from user_event where occurred_at >= '" + from + "' and occurred_at < '" + until + "'"
                + (ordered ? " order by user_id, occurred_at, event_id" : "") + ") to stdout";
        try (Connection connection = dataSource.getConnection()) {
            long start = System.nanoTime();
            long rows =
                    connection.unwrap(PGConnection.class).getCopyAPI().copyOut(query, OutputStream.nullOutputStream());
            double seconds = seconds(start);
            System.out.printf("COPY-out%s: %,d rows in %.2f s%n", ordered ? " (ordered)" : "", rows, seconds);
            return seconds;
        }
    }

    /**
     * The floor of the job's writes: the rows it wrote (decisions, profile snapshots, outbox messages), already
     * encoded, COPYed into empty tables identical to the job's (same keys and indexes), one transaction per table.
     */
    private static double copyInOutput(DataSource dataSource) throws Exception {
        double total = 0;
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (String table : List.of("decision", "batch_profile", "decision_outbox")) {
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                copy.copyOut("copy " + table + " to stdout", rows);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create table bench_" + table + " (like " + table + " including all)");
                }
                long start = System.nanoTime();
                long copied = copy.copyIn(
                        "copy bench_" + table + " from stdin", new ByteArrayInputStream(rows.toByteArray()));
                double seconds = seconds(start);
                System.out.printf("COPY-in of the job's %s rows: %,d rows in %.2f s%n", table, copied, seconds);
                total += seconds;
            }
        }
        return total;
    }
}
