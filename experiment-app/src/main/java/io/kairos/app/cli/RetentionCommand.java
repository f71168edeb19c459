package io.kairos.app.cli;

import io.kairos.persistence.store.ArchivePruning;
import io.kairos.persistence.store.EventPartitions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos retention}: drops the event archive's days older than an age, or shows what it would drop. */
@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description = {
            "Drop the event archive's daily partitions (user_event_YYYYMMDD) of the UTC days older than --older-than,"
                    + " and delete the default partition's rows older than that. Decisions, state and profiles are"
                    + " kept. Dropping a partition briefly locks the archive: run it off-peak.",
            "Exit code 0 on success, 1 when the database cannot be used, 2 for a wrong argument."
        })
public final class RetentionCommand implements Callable<Integer> {

    private static final Pattern AGE = Pattern.compile("(\\d{1,5})d");

    @Mixin
    SpringArguments spring;

    @Option(
            names = "--older-than",
            paramLabel = "AGE",
            required = true,
            description = "Age in days, e.g. 90d: the days before today (UTC) minus AGE are dropped; today's"
                    + " partition and the AGE days before it stay.")
    String olderThan;

    @Option(names = "--dry-run", description = "Print what would be dropped and drop nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Matcher age = AGE.matcher(olderThan);
        if (!age.matches()) {
            System.err.println(
                    "kairos retention: --older-than takes a number of days such as 90d, was '" + olderThan + "'");
            return 2;
        }
        LocalDate firstKept = LocalDate.now(ZoneOffset.UTC).minusDays(Long.parseLong(age.group(1)));
        Map<String, Object> defaults = Map.of(
                "spring.flyway.enabled", "false",
                "spring.kafka.admin.auto-create", "false",
                "spring.kafka.admin.fail-fast", "false");
        try (ConfigurableApplicationContext context = SpringContexts.start(defaults, spring.springArguments())) {
            EventPartitions partitions = EventPartitions.standard(context.getBean(DSLContext.class));
            ArchivePruning pruning =
                    dryRun ? partitions.previewDropOlderThan(firstKept) : partitions.dropOlderThan(firstKept);
            System.out.println(describe(pruning, firstKept));
            return 0;
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "retention", failure);
            return 1;
        } catch (RuntimeException e) {
            System.err.println("kairos retention: " + e.getMessage());
            return 1;
        }
    }

    private String describe(ArchivePruning pruning, LocalDate firstKept) {
        String days = pruning.droppedDays().isEmpty()
                ? "no day partition"
                : pruning.droppedDays().size() + " day partition(s), "
                        + pruning.droppedDays().get(0) + " to "
                        + pruning.droppedDays().get(pruning.droppedDays().size() - 1);
        return (dryRun ? "Would drop " : "Dropped ") + days + " and " + (dryRun ? "delete " : "deleted ")
                + pruning.outliersDeleted() + " older row(s) of the default partition (keeping " + firstKept
                + " and later)" + (dryRun ? "; nothing was changed." : ".");
    }
}
