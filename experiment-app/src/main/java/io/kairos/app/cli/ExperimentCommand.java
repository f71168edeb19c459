package io.kairos.app.cli;

import io.kairos.domain.experiment.AnalysisPlan;
import io.kairos.domain.experiment.Arm;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.LayerRange;
import io.kairos.domain.experiment.RegisteredExperiment;
import io.kairos.domain.experiment.SampleSizeEstimate;
import io.kairos.domain.port.out.ExperimentRegistry;
import io.kairos.domain.port.out.ExperimentRegistry.AuditEntry;
import io.kairos.report.ArmMetrics;
import io.kairos.report.ArmSummary;
import io.kairos.report.ExperimentReport;
import io.kairos.report.PlannedReports;
import io.kairos.report.UnknownExperiment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos experiment}: creates, starts, stops, lists and shows experiments with their analysis plan. */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = {
            "Manage experiments: create a draft with its arms and pre-registered analysis plan, start it (arms,"
                    + " weights and plan are then frozen), stop it; list and show them with their audit trail."
                    + " The report and the dashboard analyse an experiment by its plan by default.",
            "Exit code 0 on success, 1 when the database cannot be used or the change is not allowed, 2 for a wrong"
                    + " argument."
        },
        subcommands = {
            ExperimentCommand.Create.class,
            ExperimentCommand.Start.class,
            ExperimentCommand.Stop.class,
            ExperimentCommand.ListExperiments.class,
            ExperimentCommand.Show.class
        })
public final class ExperimentCommand implements Runnable {

    private static final Pattern ARM = Pattern.compile("([a-z][a-z0-9_-]{0,39})=(\\d{1,6})");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([hd])");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code kairos experiment create}: a draft, or a new version of a draft. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a draft experiment (or replace a draft of the same key) with its analysis plan.")
    static final class Create implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "KEY",
                description = "The experiment's key: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter"
                        + " or digit.")
        String key;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "", description = "What it tests.")
        String description;

        @Option(
                names = "--salt",
                paramLabel = "SALT",
                description = "The assignment salt (default: the key): another salt reshuffles the users.")
        String salt;

        @Option(
                names = "--arm",
                paramLabel = "NAME=WEIGHT",
                description = "An arm and its weight, in the order control, batch, then others by name (default"
                        + " control=10 batch=45 realtime=45). 'batch' acts in batch mode, 'realtime' in real time,"
                        + " any other name in none.")
        List<String> arms = new ArrayList<>();

        @Option(
                names = "--primary",
                paramLabel = "METRIC",
                defaultValue = "conversion",
                description = "The primary metric (default ${DEFAULT-VALUE}): conversion, conversion_assigned,"
                        + " click_through, time_to_conversion, revenue_per_visitor.")
        String primary;

        @Option(
                names = "--secondary",
                paramLabel = "METRIC",
                split = ",",
                description = "Secondary metrics, comma-separated.")
        List<String> secondary = new ArrayList<>();

        @Option(
                names = "--attribution",
                paramLabel = "DURATION",
                defaultValue = "7d",
                description = "The attribution window, in hours or days (default ${DEFAULT-VALUE}; e.g. 72h).")
        String attribution;

        @Option(
                names = "--horizon",
                paramLabel = "DURATION",
                defaultValue = "28d",
                description = "How long it runs once started (default ${DEFAULT-VALUE}).")
        String horizon;

        @Option(
                names = "--alpha",
                defaultValue = "0.05",
                description = "Significance level (default ${DEFAULT-VALUE}).")
        double alpha;

        @Option(
                names = "--mde",
                paramLabel = "LIFT",
                defaultValue = "0.10",
                description = "The smallest relative lift worth detecting (default ${DEFAULT-VALUE}: +10 %).")
        double mde;

        @Option(names = "--power", defaultValue = "0.8", description = "Power (default ${DEFAULT-VALUE}).")
        double power;

        @Option(
                names = "--layer",
                paramLabel = "NAME:FROM-TO",
                description = "Make it mutually exclusive with the other experiments of layer NAME by taking its"
                        + " buckets FROM (inclusive) to TO (exclusive) of 0..10000, e.g. checkout:0-5000. Without it,"
                        + " the experiment enrols every user, overlapping the others.")
        String layer;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who makes the change (default: the OS user).")
        String actor;

        @Override
        public Integer call() {
            Experiment experiment;
            AnalysisPlan plan;
            try {
                experiment = new Experiment(
                        key, salt == null ? key : salt, arms(arms), layer == null ? null : LayerRange.parse(layer));
                plan = new AnalysisPlan(
                        primary,
                        secondary,
                        duration("--attribution", attribution),
                        duration("--horizon", horizon),
                        alpha,
                        mde,
                        power);
            } catch (IllegalArgumentException e) {
                System.err.println("kairos experiment create: " + e.getMessage());
                return 2;
            }
            return withRegistry(spring, "create", registry -> {
                RegisteredExperiment created = registry.create(experiment, description, plan, actor(actor));
                System.out.println("Created draft experiment " + created.key() + "; start it with 'kairos experiment"
                        + " start --key " + created.key() + "'.");
                show(created, registry.audit(created.key()));
                return 0;
            });
        }
    }

    /** {@code kairos experiment start KEY}. */
    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description =
                    "Start a draft experiment: it decides from a few seconds from now (DecisionWindow.SWITCH_LEAD), when every running stream knows.")
    static final class Start implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "The experiment's key.")
        String key;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who makes the change (default: the OS user).")
        String actor;

        @Override
        public Integer call() {
            return withRegistry(spring, "start", registry -> {
                RegisteredExperiment started =
                        registry.start(key, Instant.now().plus(DecisionWindow.SWITCH_LEAD), actor(actor));
                System.out.println("Started experiment " + key + ": it decides from " + started.startedAt()
                        + (started.plannedEnd() == null ? "" : "; planned end " + started.plannedEnd()) + ".");
                return 0;
            });
        }
    }

    /** {@code kairos experiment stop KEY}. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stop a running experiment: nothing is decided from a few seconds from now on (the same lead as a start).")
    static final class Stop implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "The experiment's key.")
        String key;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who makes the change (default: the OS user).")
        String actor;

        @Override
        public Integer call() {
            return withRegistry(spring, "stop", registry -> {
                RegisteredExperiment stopped =
                        registry.stop(key, Instant.now().plus(DecisionWindow.SWITCH_LEAD), actor(actor));
                System.out.println(
                        "Stopped experiment " + key + ": nothing is decided from " + stopped.stoppedAt() + " on.");
                return 0;
            });
        }
    }

    /** {@code kairos experiment list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments.")
    static final class ListExperiments implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Override
        public Integer call() {
            return withRegistry(spring, "list", registry -> {
                System.out.printf("%-30s %-8s %-22s %-22s %s%n", "KEY", "STATUS", "STARTED", "PLANNED END", "PLAN");
                for (RegisteredExperiment experiment : registry.list()) {
                    System.out.printf(
                            "%-30s %-8s %-22s %-22s %s%n",
                            experiment.key(),
                            experiment.status().label(),
                            text(experiment.startedAt()),
                            text(experiment.plannedEnd()),
                            experiment.plan().map(ExperimentCommand::summary).orElse("none"));
                }
                return 0;
            });
        }
    }

    /** {@code kairos experiment show KEY}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an experiment and its audit trail.")
    static final class Show implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "The experiment's key.")
        String key;

        @Option(
                names = "--baseline",
                paramLabel = "RATE",
                description = "The conversion rate the sample-size estimate starts from (default: the batch arm's"
                        + " observed rate among triggered users, once there is data).")
        Double baseline;

        @Override
        public Integer call() {
            return withContext(spring, "show", context -> {
                ExperimentRegistry registry = context.getBean(ExperimentRegistry.class);
                Optional<RegisteredExperiment> found = registry.find(key);
                if (found.isEmpty()) {
                    System.err.println("kairos experiment show: no experiment '" + key
                            + "' ('kairos experiment list' shows them)");
                    return 1;
                }
                show(found.get(), registry.audit(key));
                found.get()
                        .plan()
                        .ifPresent(plan -> System.out.println("sample size  "
                                + sampleSize(found.get(), plan, context.getBean(PlannedReports.class))));
                return 0;
            });
        }

        private String sampleSize(RegisteredExperiment experiment, AnalysisPlan plan, PlannedReports reports) {
            if (!PROPORTIONS.contains(plan.primaryMetric())) {
                return "no estimate for " + plan.primaryMetric() + " (the estimate is for rates: "
                        + String.join(", ", PROPORTIONS) + ")";
            }
            double rate = baseline == null ? Double.NaN : baseline;
            double perDay = 0;
            String source = "the given baseline";
            Optional<ExperimentReport> report = observed(experiment, reports);
            Optional<ArmSummary> batch = report.flatMap(r -> r.arms().stream()
                    .filter(arm -> arm.metrics().arm().equals("batch"))
                    .findFirst());
            if (batch.isPresent() && batch.get().metrics().triggeredUsers() > 0) {
                ArmMetrics observed = batch.get().metrics();
                if (baseline == null && observed.convertedUsers() > 0) {
                    rate = observed.convertedUsers() / (double) observed.triggeredUsers();
                    source = "the batch arm's observed rate, " + observed.convertedUsers() + " of "
                            + observed.triggeredUsers() + " triggered users";
                }
                Instant start = experiment.startedAt();
                Instant end = report.get().observationEnd();
                if (start != null && end != null && end.isAfter(start)) {
                    perDay = observed.triggeredUsers()
                            / (Duration.between(start, end).toSeconds() / 86_400.0);
                }
            }
            if (Double.isNaN(rate)) {
                return "needs a baseline conversion rate: pass --baseline 0.05, or wait for the batch arm's data";
            }
            try {
                SampleSizeEstimate estimate = SampleSizeEstimate.of(plan, rate, perDay);
                return String.format(
                        Locale.ROOT,
                        "%,d triggered users per arm to detect %.2f %% → %.2f %% (from %s) with alpha %s and power %s%s",
                        estimate.usersPerArm(),
                        estimate.baselineRate() * 100,
                        estimate.targetRate() * 100,
                        source,
                        plan.alpha(),
                        plan.power(),
                        estimate.days().isPresent()
                                ? String.format(
                                        Locale.ROOT,
                                        "; at %.1f triggered users per arm and day so far, about %.0f days",
                                        perDay,
                                        Math.ceil(estimate.days().getAsDouble()))
                                : "");
            } catch (IllegalArgumentException e) {
                return "no estimate: " + e.getMessage();
            }
        }

        /** The experiment's report under its plan; empty when it has no arms to report on yet. */
        private static Optional<ExperimentReport> observed(RegisteredExperiment experiment, PlannedReports reports) {
            try {
                return Optional.of(reports.report(experiment.key(), null));
            } catch (UnknownExperiment noArms) {
                return Optional.empty();
            }
        }
    }

    /** The plan's metrics that are rates, for which the two-proportion sample size applies. */
    static final List<String> PROPORTIONS = List.of("conversion", "conversion_assigned", "click_through");

    static void show(RegisteredExperiment experiment, List<AuditEntry> audit) {
        System.out.println(
                "experiment   " + experiment.key() + " (" + experiment.status().label() + ")");
        if (!experiment.description().isEmpty()) {
            System.out.println("description  " + experiment.description());
        }
        System.out.println("salt         " + experiment.experiment().salt());
        for (Arm arm : experiment.experiment().arms()) {
            System.out.println("arm          " + arm.name() + " weight " + arm.weight() + " acts in "
                    + (arm.actsIn().isEmpty()
                            ? "no mode (control)"
                            : arm.actsIn().iterator().next().name().toLowerCase(Locale.ROOT)));
        }
        System.out.println("layer        "
                + (experiment.experiment().layer() == null
                        ? "none (enrols every user)"
                        : experiment.experiment().layer() + " ("
                                + Math.round(
                                        100 * experiment.experiment().layer().share())
                                + " % of the traffic)"));
        System.out.println("plan         "
                + experiment.plan().map(ExperimentCommand::summary).orElse("none"));
        System.out.println("started      " + text(experiment.startedAt()));
        System.out.println("planned end  " + text(experiment.plannedEnd()));
        System.out.println("stopped      " + text(experiment.stoppedAt()));
        for (AuditEntry entry : audit) {
            System.out.println(
                    "audit        " + entry.at() + " " + entry.actor() + " " + entry.action() + " " + entry.details());
        }
    }

    static String summary(AnalysisPlan plan) {
        return "primary " + plan.primaryMetric()
                + (plan.secondaryMetrics().isEmpty() ? "" : ", secondary " + String.join(" ", plan.secondaryMetrics()))
                + ", attribution " + plan.attributionWindow().toHours() + " h, horizon "
                + plan.horizon().toDays()
                + " d, alpha " + plan.alpha() + ", MDE " + plan.minimumDetectableEffect() + ", power " + plan.power();
    }

    private static String text(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    static List<Arm> arms(List<String> specs) {
        if (specs.isEmpty()) {
            return Experiment.batchVersusRealtime("default", "default").arms();
        }
        List<Arm> arms = new ArrayList<>();
        for (String spec : specs) {
            Matcher matcher = ARM.matcher(spec.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--arm takes NAME=WEIGHT (a lower-case name, a whole weight),"
                        + " e.g. --arm realtime=45, was '" + spec + "'");
            }
            String name = matcher.group(1);
            int weight = Integer.parseInt(matcher.group(2));
            if (weight < 1) {
                throw new IllegalArgumentException("the weight of arm '" + name + "' must be at least 1");
            }
            arms.add(Arm.named(name, weight));
        }
        return arms;
    }

    static Duration duration(String option, String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    option + " takes a whole number of hours or days, e.g. 72h or 3d, was '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
    }

    private static String actor(String given) {
        return given != null && !given.isBlank() ? given : System.getProperty("user.name", "unknown");
    }

    private static int withRegistry(SpringArguments spring, String verb, Function<ExperimentRegistry, Integer> action) {
        return withContext(spring, verb, context -> action.apply(context.getBean(ExperimentRegistry.class)));
    }

    private static int withContext(
            SpringArguments spring, String verb, Function<ConfigurableApplicationContext, Integer> action) {
        return SpringContexts.withDatabase(spring, "experiment " + verb, action);
    }
}
