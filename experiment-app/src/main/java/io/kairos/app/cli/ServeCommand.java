package io.kairos.app.cli;

import io.kairos.app.KairosProperties;
import io.kairos.app.batch.BatchProperties;
import io.kairos.app.batch.NightlyScheduler;
import io.kairos.app.batch.NightlySchedulerThread;
import io.kairos.app.delivery.DeliveryConfiguration;
import io.kairos.app.delivery.DeliveryProperties;
import io.kairos.app.delivery.DeliveryService;
import io.kairos.app.ops.OperationsConfiguration;
import io.kairos.app.ops.StreamHealthConfiguration;
import io.kairos.app.security.HttpSecurityConfiguration;
import io.kairos.app.streaming.StreamingPipeline;
import io.kairos.app.web.CollectorWebConfiguration;
import io.kairos.app.web.DashboardWebConfiguration;
import io.kairos.delivery.inapp.InAppWebSocketHandler;
import io.kairos.domain.port.out.ExperimentStore;
import io.kairos.report.UnknownExperiment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kairos serve}: the live platform, until Ctrl-C or SIGTERM. With every role (the default) one process runs
 * the HTTP event collector and the SDK, the real-time consumer with the archiver and the decision publisher, the
 * nightly job on its schedule, and the JSON API with the dashboard; {@code --roles} splits them over processes. On
 * SIGTERM the web server stops taking requests and finishes those in flight (a collector answer is only ever given
 * after the log acknowledged), then each consumer finishes its batch, then the nightly run stops at its next chunk.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the live platform until Ctrl-C / SIGTERM: the event collector (POST /api/v1/events) and browser SDK"
                    + " (/sdk/kairos.js), the real-time consumer, archiver and decision publisher, the nightly job on"
                    + " its schedule, and the dashboard (/) with its JSON API (/api/experiments). See"
                    + " docs/operations.md.",
            "Exit code 0 after a clean stop, 1 when it cannot start or a component stops on a fatal failure, 2 for a"
                    + " bad option."
        })
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "HTTP port to listen on (default ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(
            names = "--roles",
            paramLabel = "ROLE",
            split = ",",
            defaultValue = "collector,stream,batch,api,delivery",
            description =
                    "What this process runs, any of collector, stream, batch, api, delivery (default: all). Run several"
                            + " processes with different roles, or the same roles, against the same Kafka and PostgreSQL.")
    List<String> roleNames;

    @Option(
            names = "--demo-store",
            description = "Also serve the demo storefront at /demo/store/ under the experiment 'store', whose"
                    + " in-app cart-abandonment campaign decides 30 s after a cart is left (event time follows the"
                    + " wall clock within 1 s, timers wait 2 s for late events); its batch arm runs every 30 s"
                    + " instead of nightly (kairos.batch.every). Try it in a browser: see README.")
    boolean demoStore;

    /** The period of the demo store's accelerated batch schedule: a batch-arm shopper waits at most this long more. */
    public static final Duration STORE_BATCH_PERIOD = Duration.ofSeconds(30);

    /**
     * The operator's Spring arguments with the settings of {@code --demo-store} added where the operator set none
     * (Spring joins the values of an argument given twice, so a default must not repeat one).
     */
    public static List<String> withDemoStore(List<String> operatorArguments) {
        Set<String> named = operatorArguments.stream()
                .map(argument -> argument.replaceFirst("=.*", ""))
                .collect(Collectors.toSet());
        List<String> merged = new ArrayList<>();
        for (String setting : demoStoreArguments()) {
            if (!named.contains(setting.replaceFirst("=.*", ""))) {
                merged.add(setting);
            }
        }
        merged.addAll(operatorArguments);
        return merged;
    }

    private static List<String> demoStoreArguments() {
        Path campaigns;
        try (InputStream in = ServeCommand.class.getResourceAsStream("/store/campaigns.kairos")) {
            campaigns = Files.createTempFile("kairos-store-", ".kairos");
            campaigns.toFile().deleteOnExit();
            Files.write(campaigns, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the storefront's campaign file", e);
        }
        return List.of(
                "--kairos.streaming.campaign-file=" + campaigns,
                "--kairos.batch.campaign-file=" + campaigns,
                "--kairos.streaming.experiment-key=store",
                "--kairos.batch.experiment=store",
                "--kairos.streaming.grace=2s",
                "--kairos.streaming.heartbeat-lag=1s",
                "--kairos.batch.every=" + STORE_BATCH_PERIOD.toSeconds() + "s");
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            System.err.println("kairos serve: --port must be from 0 to 65535, was " + port);
            return 2;
        }
        Set<ServeRole> roles;
        try {
            roles = ServeRole.parse(roleNames);
        } catch (IllegalArgumentException e) {
            System.err.println("kairos serve: " + e.getMessage());
            return 2;
        }
        ConfigurableApplicationContext context;
        try {
            List<String> arguments = spring.springArguments();
            if (demoStore) {
                if (!roles.containsAll(Set.of(ServeRole.COLLECTOR, ServeRole.STREAM, ServeRole.DELIVERY))) {
                    System.err.println("kairos serve: --demo-store needs the collector, stream and delivery roles");
                    return 2;
                }
                arguments = withDemoStore(arguments);
            }
            context = start(port, roles, arguments);
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "serve", failure);
            return 1;
        }
        return run(context, roles);
    }

    private int run(ConfigurableApplicationContext context, Set<ServeRole> roles) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        StreamingPipeline pipeline = null;
        NightlySchedulerThread scheduler = null;
        DeliveryService delivery = null;
        try {
            if (roles.contains(ServeRole.STREAM)) {
                pipeline = context.getBean(StreamingPipeline.class);
                pipeline.start();
            }
            if (roles.contains(ServeRole.DELIVERY)) {
                delivery = context.getBean(DeliveryService.class);
                delivery.start();
            }
            if (roles.contains(ServeRole.BATCH)) {
                String key = context.getBean(BatchProperties.class).experiment();
                if (context.getBean(ExperimentStore.class).find(key).isEmpty()) {
                    System.err.println("kairos serve: the nightly job's " + new UnknownExperiment(key).getMessage()
                            + " (set kairos.batch.experiment, or run the stream role first, which defines it)");
                    context.close();
                    return 2;
                }
                NightlySchedulerThread started =
                        NightlySchedulerThread.start(context.getBean(NightlyScheduler.class), key);
                scheduler = started;
                // Registered after the pipeline's bean exists, so it runs before the pipeline's beans close.
                context.addApplicationListener(event -> {
                    if (event instanceof ContextClosedEvent) {
                        try {
                            started.close();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
        } catch (RuntimeException e) {
            System.err.println("kairos serve: " + StartupProblem.explain(e));
            context.close();
            return 1;
        }
        System.out.println("Kairos is serving ("
                + roles.stream().map(ServeRole::optionName).collect(Collectors.joining(", ")) + ") at http://localhost:"
                + port(context) + "/ (Ctrl-C to stop)");
        if (roles.contains(ServeRole.COLLECTOR)) {
            System.out.println("  collector  POST http://localhost:" + port(context) + "/api/v1/events");
        }
        if (pipeline != null) {
            System.out.println("  stream     " + pipeline.options().activityTopic() + " -> "
                    + pipeline.options().decisionsTopic());
        }
        if (demoStore) {
            System.out.println("  store      http://localhost:" + port(context) + "/demo/store/index.html");
        }
        if (delivery != null) {
            System.out.println("  delivery   "
                    + context.getBean(KairosProperties.class).kafka().decisionsTopic() + " -> in-app ws://localhost:"
                    + port(context) + InAppWebSocketHandler.PATH + webhooks(context));
        }
        System.out.flush();
        while (!closed.await(1, TimeUnit.SECONDS)) {
            Optional<Throwable> failure = pipeline == null ? Optional.empty() : pipeline.failure();
            if (failure.isEmpty() && scheduler != null) {
                failure = scheduler.failure();
            }
            if (failure.isEmpty() && delivery != null) {
                failure = delivery.failure();
            }
            if (failure.isPresent()) {
                System.err.println(
                        "kairos serve: stopped on a fatal failure: " + StartupProblem.explain(failure.get()));
                context.close();
                return 1;
            }
        }
        return 0;
    }

    /** Prints where the dashboard is and waits until the context closes (Ctrl-C, SIGTERM). */
    static void serveUntilClosed(ConfigurableApplicationContext context, String path) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        System.out.println("Kairos dashboard at http://localhost:" + port(context) + path + " (Ctrl-C to stop)");
        System.out.flush();
        closed.await();
    }

    /** Starts the dashboard and JSON API alone (the {@code api} role), reading and never migrating the schema. */
    public static ConfigurableApplicationContext start(int port, List<String> springArguments) {
        return start(port, Set.of(ServeRole.API), springArguments);
    }

    /**
     * Starts the web server of {@code roles} on {@code port} (0: any free port) with the given Spring arguments;
     * the consumers and the scheduler are started by the caller. Migrates the schema and creates the topics when a
     * role writes (stream, batch); throws {@link SpringContexts.StartFailure} with a message for the user when it
     * cannot start.
     */
    public static ConfigurableApplicationContext start(int port, Set<ServeRole> roles, List<String> springArguments) {
        boolean writes = roles.contains(ServeRole.STREAM)
                || roles.contains(ServeRole.BATCH)
                || roles.contains(ServeRole.DELIVERY);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.flyway.enabled", Boolean.toString(writes));
        defaults.put("spring.kafka.admin.auto-create", Boolean.toString(writes));
        defaults.put("spring.kafka.admin.fail-fast", Boolean.toString(writes));
        defaults.put("server.port", Integer.toString(port));
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.shutdown", "graceful");
        defaults.put("management.endpoints.web.exposure.include", "health,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put(
                "management.endpoint.health.group.readiness.include",
                roles.contains(ServeRole.STREAM) ? "readinessState,db,kafka,stream" : "readinessState,db,kafka");
        defaults.put("server.compression.enabled", "true");
        defaults.put(
                "server.compression.mime-types",
                "text/html,text/css,text/javascript,application/javascript,application/json,text/csv");
        defaults.put("spring.web.resources.cache.cachecontrol.max-age", "10m");
        if (roles.contains(ServeRole.STREAM)) {
            defaults.put("logging.level.io.kairos.streaming", "INFO");
            defaults.put("logging.level.io.kairos.app.streaming", "INFO");
        }
        if (roles.contains(ServeRole.BATCH)) {
            defaults.put("logging.level.io.kairos.batch", "INFO");
            defaults.put("logging.level.io.kairos.app.batch", "INFO");
        }
        List<String> staticFiles = new ArrayList<>();
        if (roles.contains(ServeRole.API)) {
            staticFiles.add("classpath:/dashboard/");
        }
        if (roles.contains(ServeRole.COLLECTOR)) {
            staticFiles.add("classpath:/collector/");
        }
        defaults.put("spring.web.resources.static-locations", String.join(",", staticFiles));
        defaults.put("spring.web.resources.add-mappings", Boolean.toString(!staticFiles.isEmpty()));
        List<Class<?>> configurations =
                new ArrayList<>(List.of(HttpSecurityConfiguration.class, OperationsConfiguration.class));
        if (roles.contains(ServeRole.STREAM)) {
            configurations.add(StreamHealthConfiguration.class);
        }
        if (roles.contains(ServeRole.API)) {
            configurations.add(DashboardWebConfiguration.class);
        }
        if (roles.contains(ServeRole.COLLECTOR)) {
            configurations.add(CollectorWebConfiguration.class);
        }
        if (roles.contains(ServeRole.DELIVERY)) {
            configurations.add(DeliveryConfiguration.class);
        }
        return SpringContexts.start(
                defaults, springArguments, WebApplicationType.SERVLET, configurations.toArray(Class<?>[]::new));
    }

    private static String webhooks(ConfigurableApplicationContext context) {
        Set<String> channels =
                context.getBean(DeliveryProperties.class).webhooks().keySet();
        return channels.isEmpty()
                ? " (no webhook configured: kairos.delivery.webhooks.<channel>.url)"
                : ", webhooks " + String.join(", ", new java.util.TreeSet<>(channels));
    }

    /** The port the context's web server listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
