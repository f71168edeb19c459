package io.kairos.persistence.bench;

import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.EventProperties;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.PollBatchWrites;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import io.kairos.persistence.Samples;
import io.kairos.persistence.TestDatabase;
import io.kairos.persistence.codec.UserStateJson;
import io.kairos.persistence.store.EventCopyFormat;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.persistence.store.PostgresEventArchive;
import io.kairos.persistence.store.PostgresProcessingTransaction;
import io.kairos.persistence.store.PostgresUserStateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;

/**
 * Measures the project's write paths against raw COPY into identical tables, in one run on one database:
 *
 * <ol>
 *   <li>the event archive ({@link PostgresEventArchive#append}) against a COPY of the same rows, already encoded,
 *       into a table with the archive's partitioning, key and index;
 *   <li>batched state upserts ({@link PostgresUserStateStore#saveAll}) against a COPY of the same documents;
 *   <li>the latency of a unit of work ({@link PostgresProcessingTransaction#commit}) carrying 500 events.
 * </ol>
 *
 * Sizes come from system properties ({@code bench.events}, {@code bench.states}, {@code bench.units}); {@code
 * bench.docs=false} leaves docs/benchmarks.md alone. Prints a table and rewrites the "## Persistence" section.
 */
public final class PersistenceBenchmark {

    private static final LocalDate DAY = LocalDate.parse("2026-11-28");
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final int ARCHIVE_BATCH = 5_000;
    private static final int STATE_BATCH = 500;
    private static final int UNIT_EVENTS = 500;
    private static final int ROUNDS = 5;
    private static final String NOTE = "\nOn a loaded machine absolute figures, and to a lesser degree the ratios,"
            + " move from run to run: compare the columns of one run, and judge the unit-of-work target on an idle"
            + " machine. The committing thread's own CPU time shows how much of a commit is the project's work; the"
            + " rest is waiting for a CPU, for PostgreSQL and for the disk (fsync on).\n";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Retention RETENTION = CampaignFile.defaults().retention();
    private static final String COMMAND = "mvn -o -q -pl persistence -am process-test-classes -Pbenchmark";

    private final DSLContext db;
    private final List<String[]> table = new ArrayList<>();
    private long averageStateBytes;
    private long averageUnitStateBytes;
    private long[] clientCpu;
    private long[] archiverLatencies;

    private PersistenceBenchmark(DSLContext db) {
        this.db = db;
    }

    /** Runs the benchmark; see the class comment for the properties. */
    public static void main(String[] args) {
        int events = Integer.getInteger("bench.events", 200_000);
        int states = Integer.getInteger("bench.states", 30_000);
        int units = Integer.getInteger("bench.units", 300);
        boolean docs = Boolean.parseBoolean(System.getProperty("bench.docs", "true"));
        DSLContext db = TestDatabase.fresh("benchmark");
        PersistenceBenchmark benchmark = new PersistenceBenchmark(db);
        benchmark.createBaselineTables();
        String body = benchmark.run(events, states, units);
        String report = "## Persistence\n\n"
                + "Command (from the repository root; `-Dbench.events=`, `-Dbench.states=`, `-Dbench.units=` change the"
                + " sizes, `-Dbench.docs=false` leaves this file alone):\n\n```bash\n" + COMMAND + "\n```\n\n"
                + "Machine: " + benchmark.machine() + ". Run at "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ".\n\nEach path runs " + ROUNDS + " rounds after a warm-up round on emptied tables, batch by batch"
                + " alternating with its baseline so both meet the same load; the table shows the median rate. The baselines COPY rows already encoded (no Java"
                + " work) into tables identical to the project's (same partitioning, key, index, fill factor), one"
                + " transaction per batch like the project path.\n\n" + body;
        System.out.println(report);
        if (docs) {
            writeSection(report);
        }
        System.exit(0);
    }

    private String run(int eventCount, int stateCount, int units) {
        Random random = new Random(42);
        List<UserEvent> events = events(random, eventCount, Math.max(1, eventCount / 20), MIDNIGHT);
        List<List<UserEvent>> batches = chunks(events, ARCHIVE_BATCH);
        List<byte[]> encoded = new ArrayList<>();
        for (List<UserEvent> batch : batches) {
            encoded.add(EventCopyFormat.encode(batch));
        }
        EventPartitions partitions = EventPartitions.standard(db);
        partitions.prepareFor(events);
        db.execute("create table bench_raw_event_p partition of bench_raw_event for values from ('" + MIDNIGHT
                + "') to ('" + MIDNIGHT.plus(Duration.ofDays(1)) + "')");

        PostgresEventArchive archive = new PostgresEventArchive(db, partitions);
        List<Runnable> raw = new ArrayList<>();
        List<Runnable> project = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            byte[] rows = encoded.get(i);
            List<UserEvent> batch = batches.get(i);
            raw.add(() -> copy("copy bench_raw_event (" + EventCopyFormat.COLUMNS + ") from stdin", rows));
            project.add(() -> archive.append(batch));
        }
        double[] rates = compare(events.size(), raw, "truncate bench_raw_event", project, "truncate user_event");
        row("event archive, raw COPY baseline", events.size(), ARCHIVE_BATCH, rates[0], 1.0);
        row(
                "event archive, project path (optimistic COPY)",
                events.size(),
                ARCHIVE_BATCH,
                rates[1],
                rates[1] / rates[0]);
        double eventRatio = rates[1] / rates[0];

        db.execute("truncate user_event");
        project.forEach(Runnable::run);
        List<List<UserEvent>> redelivered = new ArrayList<>();
        for (List<UserEvent> batch : batches) {
            List<UserEvent> withRepeat = new ArrayList<>(batch);
            withRepeat.set(0, events.get(0));
            redelivered.add(withRepeat);
        }
        db.execute("truncate user_event");
        archive.append(List.of(events.get(0)));
        double fallback = rate(events.size(), () -> redelivered.forEach(archive::append));
        row(
                "event archive, every batch holds a re-delivery (staging path)",
                events.size(),
                ARCHIVE_BATCH,
                fallback,
                fallback / rates[0]);

        List<UserState> stateList = states(random, stateCount);
        long documentBytes = 0;
        for (UserState state : stateList) {
            documentBytes += UserStateJson.write(state).length();
        }
        averageStateBytes = documentBytes / Math.max(1, stateList.size());
        List<List<UserState>> stateBatches = chunks(stateList, STATE_BATCH);
        List<byte[]> stateRows = new ArrayList<>();
        for (List<UserState> batch : stateBatches) {
            StringBuilder rows = new StringBuilder();
            for (UserState state : batch) {
                rows.append("exp\t")
                        .append(state.userId())
                        .append('\t')
                        .append(UserStateJson.write(state).replace("\\", "\\\\"))
                        .append('\n');
            }
            stateRows.add(rows.toString().getBytes(StandardCharsets.UTF_8));
        }
        PostgresUserStateStore stateStore = new PostgresUserStateStore(db, "exp");
        List<Runnable> rawStates = new ArrayList<>();
        List<Runnable> projectStates = new ArrayList<>();
        for (int i = 0; i < stateBatches.size(); i++) {
            byte[] rows = stateRows.get(i);
            List<UserState> batch = stateBatches.get(i);
            rawStates.add(() -> copy("copy bench_raw_state (experiment_key, user_id, state) from stdin", rows));
            projectStates.add(() -> stateStore.saveAll(batch));
        }
        double[] stateRates =
                compare(stateList.size(), rawStates, "truncate bench_raw_state", projectStates, "truncate user_state");
        row("user state, raw COPY baseline", stateList.size(), STATE_BATCH, stateRates[0], 1.0);
        row(
                "user state, project upsert (new users)",
                stateList.size(),
                STATE_BATCH,
                stateRates[1],
                stateRates[1] / stateRates[0]);
        double updates = rate(stateList.size(), () -> stateBatches.forEach(stateStore::saveAll));
        row(
                "user state, project upsert (existing users)",
                stateList.size(),
                STATE_BATCH,
                updates,
                updates / stateRates[0]);

        long[] latencies = units(random, units);
        StringBuilder report = new StringBuilder();
        report.append("| path | rows | batch | rows/s | vs raw COPY |\n|---|---:|---:|---:|---:|\n");
        for (String[] cells : table) {
            report.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        report.append(String.format(
                        Locale.ROOT,
                        "%nState documents average %,d bytes of JSON (fold of 12 events under the default campaigns'"
                                + " retention).%n",
                        averageStateBytes))
                .append(String.format(
                        Locale.ROOT,
                        "%nUnit of work (%d events from 20,000 users, the states of those users (%,d bytes on"
                                + " average), absence timers, decisions, outbox rows and 4 offsets in one transaction),"
                                + " %d commits after 20 warm-up ones: median %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                                + " max %.1f ms.%n",
                        UNIT_EVENTS,
                        averageUnitStateBytes,
                        units,
                        percentile(latencies, 0.50),
                        percentile(latencies, 0.95),
                        percentile(latencies, 0.99),
                        percentile(latencies, 1.0)))
                .append(String.format(
                        Locale.ROOT,
                        "Of that, the committing thread's own CPU time (encoding, JDBC): median %.1f ms. The archiver's"
                                + " unit of work (the same %d events and one offset, no state): median %.1f ms, p95"
                                + " %.1f ms.%n",
                        percentile(clientCpu, 0.50),
                        UNIT_EVENTS,
                        percentile(archiverLatencies, 0.50),
                        percentile(archiverLatencies, 0.95)))
                .append(String.format(
                        Locale.ROOT,
                        "%nTargets: project event path >= 70%% of raw COPY: %s (%.0f%%); unit of work of 500 events"
                                + " < 20 ms at the median: %s.%n",
                        eventRatio >= 0.70 ? "met" : "NOT met",
                        100 * eventRatio,
                        percentile(latencies, 0.50) < 20 ? "met" : "NOT met"))
                .append(NOTE);
        return report.toString();
    }

    private long[] units(Random random, int count) {
        db.execute("truncate user_event, user_state, pending_timer, decision, decision_outbox, consumer_offset");
        EventPartitions partitions = EventPartitions.standard(db);
        PostgresProcessingTransaction transaction = new PostgresProcessingTransaction(db, partitions, "exp");
        int users = 20_000;
        List<UserEvent> stream = events(random, UNIT_EVENTS * (count + 20), users, MIDNIGHT.plus(Duration.ofDays(1)));
        Map<String, UserState> states = new HashMap<>();
        long[] latencies = new long[count];
        clientCpu = new long[count];
        archiverLatencies = new long[count];
        PostgresProcessingTransaction archiver = new PostgresProcessingTransaction(db, partitions, "exp");
        long unitStateBytes = 0;
        long unitStates = 0;
        for (int unit = -20; unit < count; unit++) {
            int start = (unit + 20) * UNIT_EVENTS;
            long storedBefore = start == 0 ? ConsumedOffset.NONE_STORED : start;
            List<UserEvent> batch = stream.subList(start, start + UNIT_EVENTS);
            Map<String, UserState> touched = new LinkedHashMap<>();
            List<Timer> timers = new ArrayList<>();
            List<Decision> decisions = new ArrayList<>();
            List<OutboxMessage> outbox = new ArrayList<>();
            for (UserEvent event : batch) {
                UserState state = states.getOrDefault(event.userId(), UserState.empty(event.userId()))
                        .apply(event, RETENTION);
                states.put(event.userId(), state);
                touched.put(event.userId(), state);
                if (event.properties() instanceof EventProperties.AddToCart) {
                    timers.add(new Timer(
                            event.userId(),
                            "cart",
                            Timer.absenceKey("cart"),
                            event.occurredAt().plus(Duration.ofMinutes(30)),
                            event));
                }
                if (event.properties() instanceof EventProperties.ProductView && decisions.size() < 10) {
                    Decision decision = Samples.delivered(
                            "bench", event.userId(), event.eventId().toString(), event.occurredAt());
                    decisions.add(decision);
                    outbox.add(new OutboxMessage(
                            decision.id(),
                            "decisions",
                            event.userId(),
                            "{\"id\":\"" + decision.id() + "\",\"text\":\"" + decision.payload() + "\"}"));
                }
            }
            List<ConsumedOffset> offsets = new ArrayList<>();
            for (int partition = 0; partition < 4; partition++) {
                offsets.add(
                        new ConsumedOffset("realtime", "user-activity", partition, start + UNIT_EVENTS, storedBefore));
            }
            PollBatchWrites writes = PollBatchWrites.none()
                    .withEvents(batch)
                    .withStates(new ArrayList<>(touched.values()))
                    .withTimers(timers, List.of())
                    .withDecisions(decisions)
                    .withOutbox(outbox)
                    .withOffsets(offsets);
            for (UserState state : touched.values()) {
                unitStateBytes += UserStateJson.write(state).length();
                unitStates++;
            }
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            transaction.commit(writes);
            long elapsed = System.nanoTime() - t0;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            List<UserEvent> archiverBatch = new ArrayList<>(batch.size());
            for (UserEvent e : batch) {
                UUID otherId = new UUID(
                        ~e.eventId().getMostSignificantBits(), e.eventId().getLeastSignificantBits());
                archiverBatch.add(new UserEvent(otherId, e.userId(), e.occurredAt(), e.sessionId(), e.properties()));
            }
            long a0 = System.nanoTime();
            archiver.commit(PollBatchWrites.none()
                    .withEvents(archiverBatch)
                    .withOffsets(List.of(
                            new ConsumedOffset("archive", "user-activity", 0, start + UNIT_EVENTS, storedBefore))));
            long archived = System.nanoTime() - a0;
            if (unit >= 0) {
                latencies[unit] = elapsed;
                clientCpu[unit] = cpu;
                archiverLatencies[unit] = archived;
            }
        }
        averageUnitStateBytes = unitStateBytes / Math.max(1, unitStates);
        return latencies;
    }

    private void createBaselineTables() {
        db.execute("create table bench_raw_event (like user_event including defaults including generated)"
                + " partition by range (occurred_at)");
        db.execute("alter table bench_raw_event add constraint bench_raw_event_pk primary key (occurred_at, event_id)");
        db.execute("create index bench_raw_event_user_time_ix on bench_raw_event (user_id, occurred_at)");
        db.execute("create table bench_raw_event_default partition of bench_raw_event default");
        db.execute("create table bench_raw_state (like user_state including all) with (fillfactor = 70)");
    }

    /**
     * Runs baseline and project batch by batch, alternating which goes first, so both meet the same load on a shared
     * machine; after one warm-up round, returns the median rates of {@value #ROUNDS} rounds.
     */
    private double[] compare(
            int rows, List<Runnable> baseline, String resetBaseline, List<Runnable> project, String resetProject) {
        double[] baselineRates = new double[ROUNDS];
        double[] projectRates = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            db.execute(resetBaseline);
            db.execute(resetProject);
            db.execute("checkpoint");
            long baselineNanos = 0;
            long projectNanos = 0;
            for (int i = 0; i < baseline.size(); i++) {
                boolean baselineFirst = i % 2 == 0;
                if (baselineFirst) {
                    baselineNanos += nanos(baseline.get(i));
                }
                projectNanos += nanos(project.get(i));
                if (!baselineFirst) {
                    baselineNanos += nanos(baseline.get(i));
                }
            }
            if (round >= 0) {
                baselineRates[round] = rows / (baselineNanos / 1e9);
                projectRates[round] = rows / (projectNanos / 1e9);
            }
        }
        return new double[] {median(baselineRates), median(projectRates)};
    }

    private static long nanos(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return System.nanoTime() - t0;
    }

    private static double rate(int rows, Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return rows / ((System.nanoTime() - t0) / 1e9);
    }

    private void copy(String sql, byte[] rows) {
        db.connection(connection -> {
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(rows), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void row(String path, int rows, int batch, double rate, double ratio) {
        table.add(new String[] {
            path,
            String.format(Locale.ROOT, "%,d", rows),
            String.format(Locale.ROOT, "%,d", batch),
            String.format(Locale.ROOT, "%,.0f", rate),
            String.format(Locale.ROOT, "%.0f%%", 100 * ratio)
        });
    }

    /** A day of events in time order: page and product views, cart changes, purchases and custom events. */
    private static List<UserEvent> events(Random random, int count, int users, Instant dayStart) {
        long span = Duration.ofDays(1).toNanos() / 1000 - 1;
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            micros[i] = (long) (random.nextDouble() * span);
        }
        Arrays.sort(micros);
        List<UserEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = String.format(Locale.ROOT, "user-%07d", random.nextInt(users));
            Instant at = dayStart.plus(micros[i], ChronoUnit.MICROS);
            String product = "p-" + random.nextInt(500);
            int kind = random.nextInt(100);
            EventProperties properties;
            if (kind < 55) {
                properties = new EventProperties.PageView("/catalog/" + random.nextInt(50), "shoes");
            } else if (kind < 80) {
                properties = new EventProperties.ProductView(product, "shoes", 10.0 + random.nextInt(90));
            } else if (kind < 90) {
                properties = new EventProperties.AddToCart(product, 1 + random.nextInt(3), 19.99, "shoes");
            } else if (kind < 93) {
                properties = new EventProperties.Purchase("o-" + i, 20 + random.nextInt(200), "EUR");
            } else {
                properties = new EventProperties.Custom("feature_used", Map.of("feature", "wishlist", "count", 2.0));
            }
            events.add(
                    new UserEvent(new UUID(random.nextLong(), random.nextLong()), user, at, "s-" + user, properties));
        }
        return events;
    }

    /** States of distinct users, each the fold of a short realistic history. */
    private static List<UserState> states(Random random, int count) {
        List<UserState> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = String.format(Locale.ROOT, "state-user-%07d", i);
            UserState state = UserState.empty(user);
            List<UserEvent> history = events(random, 12, 1, MIDNIGHT);
            for (UserEvent event : history) {
                state = state.apply(
                        new UserEvent(event.eventId(), user, event.occurredAt(), event.sessionId(), event.properties()),
                        RETENTION);
            }
            states.add(state);
        }
        return states;
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    private String machine() {
        String cpu = read(() -> {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "unknown CPU";
        });
        String memory = read(() -> {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kib / 1024.0 / 1024.0) + " GiB";
                }
            }
            return "unknown memory";
        });
        String postgres =
                db.fetchOne("select current_setting('server_version')").get(0, String.class);
        String fsync = db.fetchOne("select current_setting('fsync')").get(0, String.class);
        String load = read(() -> Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", PostgreSQL "
                + postgres + " (the embedded test server, fsync " + fsync + ", same machine), Java "
                + System.getProperty("java.version") + "; load average " + load
                + " at the end of the run (the machine is shared with other builds)";
    }

    private interface FileRead {
        String read() throws IOException;
    }

    private static String read(FileRead read) {
        try {
            return read.read();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void writeSection(String report) {
        Path docs = locateDocs();
        try {
            String text = Files.readString(docs);
            int start = text.indexOf("\n## Persistence\n");
            String before = start < 0 ? text.stripTrailing() + "\n" : text.substring(0, start + 1);
            String after = "";
            if (start >= 0) {
                int next = text.indexOf("\n## ", start + 1);
                after = next < 0 ? "" : text.substring(next);
            }
            Files.writeString(docs, before + "\n" + report.stripTrailing() + "\n" + after);
            System.out.println("Updated " + docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + docs, e);
        }
    }

    private static Path locateDocs() {
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
