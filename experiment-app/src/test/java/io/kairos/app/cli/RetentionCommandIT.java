package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KairosCommandLine;
import io.kairos.persistence.DatabaseSchema;
import io.kairos.persistence.store.EventPartitions;
import io.kairos.testsupport.TestPostgres;
import io.kairos.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code kairos retention} against a real PostgreSQL archive with old and recent day partitions. */
class RetentionCommandIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private TestPostgres database;
    private DSLContext db;

    @BeforeEach
    void setUp() {
        database = TestServers.postgres().freshDatabase("retention");
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        DatabaseSchema.migrate(dataSource);
        db = DSL.using(dataSource, SQLDialect.POSTGRES);
        EventPartitions partitions = EventPartitions.standard(db);
        partitions.ensure(TODAY.minusDays(92), TODAY.minusDays(90));
        partitions.ensure(TODAY.minusDays(1), TODAY);
        db.execute("insert into user_event_default (occurred_at, event_id, user_id, event_type, properties)"
                + " values (now() - interval '400 days', gen_random_uuid(), 'u-1', 'page_view', '{}')");
    }

    @Test
    void givenOldAndRecentDays_whenDryRun_thenItNamesWhatWouldGoAndDropsNothing() {
        List<LocalDate> before = EventPartitions.standard(db).days();

        String out = stdoutOf(
                () -> assertThat(run("--older-than", "90d", "--dry-run")).isZero());

        assertThat(out)
                .contains("Would drop 2 day partition(s), " + TODAY.minusDays(92) + " to " + TODAY.minusDays(91))
                .contains("delete 1 older row(s) of the default partition");
        assertThat(EventPartitions.standard(db).days()).isEqualTo(before);
    }

    @Test
    void givenOldAndRecentDays_whenRun_thenOnlyDaysOlderThanTheAgeAndOldOutliersGo() {
        String out = stdoutOf(() -> assertThat(run("--older-than", "90d")).isZero());

        assertThat(out).contains("Dropped 2 day partition(s)").contains("deleted 1 older row(s)");
        assertThat(EventPartitions.standard(db).days()).containsExactly(TODAY.minusDays(90), TODAY.minusDays(1), TODAY);
        assertThat(db.fetchCount(DSL.table("user_event_default"))).isZero();
    }

    @Test
    void givenAnAgeWithoutUnit_whenRun_thenExitCode2() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("--older-than", "90")).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("such as 90d");
    }

    private int run(String... options) {
        String[] arguments = new String[options.length + 5];
        arguments[0] = "retention";
        System.arraycopy(options, 0, arguments, 1, options.length);
        arguments[options.length + 1] = "--spring.datasource.url=" + database.jdbcUrl();
        arguments[options.length + 2] = "--spring.datasource.username=" + database.username();
        arguments[options.length + 3] = "--spring.datasource.password=" + database.password();
        arguments[options.length + 4] = "--spring.kafka.bootstrap-servers=localhost:9";
        return KairosCommandLine.execute(arguments);
    }

    private static String stdoutOf(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
