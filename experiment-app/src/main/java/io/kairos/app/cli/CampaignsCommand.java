package io.kairos.app.cli;

import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignFile;
import io.kairos.domain.campaign.CampaignHistory;
import io.kairos.domain.campaign.CampaignPublication;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.campaign.DefinitionProblem;
import io.kairos.domain.campaign.InvalidCampaignDefinition;
import io.kairos.domain.port.out.CampaignVersionStore;
import io.kairos.persistence.store.PostgresCampaignVersionStore;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jooq.DSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos campaigns}: validates, publishes, lists, shows and compares versions of the campaign set. */
@Command(
        name = "campaigns",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the campaign set as versioned documents (docs/campaigns.md): validate a file, publish it as the"
                    + " next version taking effect at one instant of event time in both modes, list the versions,"
                    + " show one, compare two.",
            "Exit code 0 on success, 1 when the database cannot be used or a rule refuses the publication, 2 for a"
                    + " wrong argument or an invalid document."
        },
        subcommands = {
            CampaignsCommand.Validate.class,
            CampaignsCommand.Publish.class,
            CampaignsCommand.History.class,
            CampaignsCommand.Show.class,
            CampaignsCommand.Diff.class
        })
public final class CampaignsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code kairos campaigns validate FILE}: every problem with line, column and reason; no database needed. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check a campaign file: every problem with its line, column and reason (no database"
                    + " needed). Exit code 0 when valid, 2 when not.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The campaign file.")
        Path file;

        @Override
        public Integer call() {
            Optional<String> text = read(file, "validate");
            if (text.isEmpty()) {
                return 2;
            }
            try {
                CampaignCatalog catalog = CampaignFile.parse(text.get());
                System.out.println(
                        file + ": valid, " + count(catalog.campaigns().size(), "campaign") + " and "
                                + count(catalog.segments().all().size(), "segment") + ", sha256 "
                                + CampaignVersion.sha256(text.get()));
                return 0;
            } catch (InvalidCampaignDefinition e) {
                printProblems(file, e, "validate");
                return 2;
            }
        }
    }

    /** {@code kairos campaigns publish FILE}: stores the next version. */
    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Publish a campaign file as the next version. It takes effect at --effective-at (default: now plus"
                        + " --lead): the real-time consumer from that event time on, the nightly job from the first"
                        + " cut-off after it, each only for triggers at or after it. Refused when the file is"
                        + " invalid (exit 2, every problem listed), identical to the latest version, or when the"
                        + " instant is in the past or not after the latest version's (exit 1)."
            })
    static final class Publish extends WithDatabase implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The campaign file.")
        Path file;

        @Parameters(
                index = "1..*",
                arity = "0..*",
                paramLabel = "--name=value",
                description = "Any configuration property, e.g. --spring.datasource.url=... (see docs/operations.md).")
        List<String> properties = new ArrayList<>();

        @Option(
                names = "--effective-at",
                paramLabel = "ISO-INSTANT",
                description = "When it takes effect, in event time, e.g. 2026-12-08T00:00:00Z.")
        String effectiveAt;

        @Option(
                names = "--lead",
                paramLabel = "SECONDS",
                defaultValue = "360",
                description = "Without --effective-at, how long after now it takes effect (default ${DEFAULT-VALUE}"
                        + " s: more than the 5 minutes an event may be dated ahead of the clock plus the running"
                        + " consumer's refresh interval, so that it knows the version before it sees the instant).")
        long leadSeconds;

        @Option(names = "--author", paramLabel = "NAME", description = "Who publishes it (default: the OS user).")
        String author;

        @Override
        public Integer call() {
            Instant effective = null;
            if (effectiveAt != null) {
                try {
                    effective = Instant.parse(effectiveAt);
                } catch (DateTimeParseException e) {
                    System.err.println("kairos campaigns publish: --effective-at '" + effectiveAt
                            + "' is not an ISO instant such as 2026-12-08T00:00:00Z");
                    return 2;
                }
            }
            if (leadSeconds < 0) {
                System.err.println("kairos campaigns publish: --lead must not be negative, was " + leadSeconds);
                return 2;
            }
            Optional<String> text = read(file, "publish");
            if (text.isEmpty()) {
                return 2;
            }
            try {
                CampaignFile.parse(text.get());
            } catch (InvalidCampaignDefinition e) {
                printProblems(file, e, "publish");
                return 2;
            }
            Instant at = effective;
            String by = author != null && !author.isBlank() ? author : System.getProperty("user.name", "unknown");
            return withStore(spring(properties), "publish", store -> {
                try {
                    CampaignVersion version =
                            store.publish(text.get(), by, Instant.now(), at, Duration.ofSeconds(leadSeconds));
                    System.out.println("Published campaign version " + version.number() + " by " + version.author()
                            + ", in force from " + version.effectiveAt() + " (event time), sha256 "
                            + version.sha256() + ".");
                    return 0;
                } catch (CampaignPublication.Refused e) {
                    System.err.println("kairos campaigns publish: " + e.getMessage());
                    return 1;
                }
            });
        }
    }

    /** {@code kairos campaigns history}. */
    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "List the published versions: number, author, published, effective, state, sha256.")
    static final class History implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Override
        public Integer call() {
            return withStore(spring, "history", store -> {
                CampaignHistory history = new CampaignHistory(store.history());
                List<CampaignVersion> versions = history.versions();
                Instant now = Instant.now();
                System.out.printf(
                        "%-7s %-20s %-30s %-30s %-10s %s%n",
                        "VERSION", "AUTHOR", "PUBLISHED", "EFFECTIVE", "STATE", "SHA256");
                for (int i = 0; i < versions.size(); i++) {
                    CampaignVersion v = versions.get(i);
                    String state = history.stateOf(i, now).label();
                    System.out.printf(
                            "%-7d %-20s %-30s %-30s %-10s %s%n",
                            v.number(), v.author(), v.publishedAt(), v.effectiveAt(), state, v.sha256());
                }
                if (versions.isEmpty()) {
                    System.out.println("(no published version: the configured campaign file, or the built-in"
                            + " defaults, is in force as version 0)");
                }
                return 0;
            });
        }
    }

    /** {@code kairos campaigns show [VERSION]}: the document on standard output, its details on standard error. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print a published version's document (default: the latest) on standard output, and its"
                    + " number, author and times on standard error.")
    static final class Show extends WithDatabase implements Callable<Integer> {
        @Parameters(
                index = "0..*",
                arity = "0..*",
                paramLabel = "[VERSION] [--name=value...]",
                description = "The version number (default: the latest), then any configuration property.")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> properties = new ArrayList<>(arguments);
            Integer version = null;
            if (!properties.isEmpty() && !properties.get(0).startsWith("--")) {
                String first = properties.remove(0);
                try {
                    version = Integer.valueOf(first);
                } catch (NumberFormatException e) {
                    System.err.println("kairos campaigns show: '" + first + "' is not a version number");
                    return 2;
                }
            }
            if (version != null && version < 1) {
                System.err.println("kairos campaigns show: published versions are numbered from 1; version 0 is"
                        + " the configured campaign file, which is not stored");
                return 2;
            }
            Integer wanted = version;
            return withStore(spring(properties), "show", store -> {
                Optional<CampaignVersion> found =
                        wanted == null ? new CampaignHistory(store.history()).latest() : store.find(wanted);
                if (found.isEmpty()) {
                    System.err.println("kairos campaigns show: "
                            + (wanted == null ? "no version is published yet" : "no campaign version " + wanted)
                            + " ('kairos campaigns history' lists them)");
                    return 1;
                }
                CampaignVersion v = found.get();
                System.err.println("Campaign version " + v.number() + " by " + v.author() + ", published "
                        + v.publishedAt() + ", in force from " + v.effectiveAt() + ", sha256 " + v.sha256());
                System.out.print(v.document());
                return 0;
            });
        }
    }

    /** {@code kairos campaigns diff V1 V2}: a unified line diff. */
    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = "Compare two published versions as a unified line diff (no output when identical).")
    static final class Diff extends WithDatabase implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "V1", description = "The older version.")
        int from;

        @Parameters(index = "1", paramLabel = "V2", description = "The newer version.")
        int to;

        @Parameters(
                index = "2..*",
                arity = "0..*",
                paramLabel = "--name=value",
                description = "Any configuration property, e.g. --spring.datasource.url=... (see docs/operations.md).")
        List<String> properties = new ArrayList<>();

        @Override
        public Integer call() {
            if (from < 1 || to < 1) {
                System.err.println("kairos campaigns diff: published versions are numbered from 1; version 0 is"
                        + " the configured campaign file, which is not stored");
                return 2;
            }
            return withStore(spring(properties), "diff", store -> {
                Optional<CampaignVersion> a = store.find(from);
                Optional<CampaignVersion> b = store.find(to);
                if (a.isEmpty() || b.isEmpty()) {
                    System.err.println("kairos campaigns diff: no campaign version " + (a.isEmpty() ? from : to)
                            + " ('kairos campaigns history' lists them)");
                    return 1;
                }
                for (String line : CampaignHistory.unifiedDiff(a.get(), b.get())) {
                    System.out.println(line);
                }
                return 0;
            });
        }
    }

    /**
     * The database options of the subcommands that take positional parameters of their own, which the shared
     * {@link SpringArguments} mixin (taking every positional parameter) cannot be combined with.
     */
    abstract static class WithDatabase {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "Where embedded PostgreSQL and Kafka keep their data (default ./data, env"
                        + " KAIROS_DATA_DIR).")
        String dataDir;

        /** The configuration properties as Spring arguments, or null (after saying why) when one is malformed. */
        SpringArguments spring(List<String> properties) {
            for (String value : properties) {
                if (!value.startsWith("--") || !value.contains("=") || value.startsWith("--=")) {
                    System.err.println("kairos campaigns " + spec.name() + ": unknown argument '" + value
                            + "'. Options are listed by --help; configuration properties are given as"
                            + " --name=value.");
                    return null;
                }
            }
            SpringArguments spring = new SpringArguments();
            spring.dataDir = dataDir;
            spring.setProperties(properties);
            return spring;
        }
    }

    private static Optional<String> read(Path file, String verb) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString());
        } catch (NoSuchFileException e) {
            System.err.println("kairos campaigns " + verb + ": no such file: " + file);
        } catch (CharacterCodingException e) {
            System.err.println("kairos campaigns " + verb + ": " + file + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            System.err.println("kairos campaigns " + verb + ": cannot read " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static void printProblems(Path file, InvalidCampaignDefinition e, String verb) {
        List<DefinitionProblem> problems = e.problems();
        System.err.println(
                "kairos campaigns " + verb + ": " + file + " is not valid, " + count(problems.size(), "problem") + ":");
        for (DefinitionProblem problem : problems) {
            System.err.println(file + ": " + problem);
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static int withStore(SpringArguments spring, String verb, Function<CampaignVersionStore, Integer> action) {
        if (spring == null) {
            return 2;
        }
        return SpringContexts.withDatabase(
                spring,
                "campaigns " + verb,
                context -> action.apply(new PostgresCampaignVersionStore(context.getBean(DSLContext.class))));
    }
}
