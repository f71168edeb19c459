package io.kairos.app.cli;

import io.kairos.app.web.DashboardWebConfiguration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos serve}: the web dashboard and the JSON API over the experiments' reports, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the web dashboard (pick an experiment at /, its charts at /experiments/KEY) and the JSON API"
                    + " (/api/experiments, /api/experiments/KEY/report?attributionDays=7,"
                    + " /api/experiments/KEY/outcomes.csv) until Ctrl-C / SIGTERM. See docs/operations.md.",
            "Exit code 0 after a clean stop, 1 when the server cannot start, 2 for a bad option."
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

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            System.err.println("kairos serve: --port must be from 0 to 65535, was " + port);
            return 2;
        }
        ConfigurableApplicationContext context;
        try {
            context = start(port, spring.springArguments());
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "serve", failure);
            return 1;
        }
        serveUntilClosed(context, "/");
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

    /**
     * Starts the web server on {@code port} (0: any free port) with the given Spring arguments; throws
     * {@link SpringContexts.StartFailure} with a message for the user when it cannot.
     */
    public static ConfigurableApplicationContext start(int port, List<String> springArguments) {
        Map<String, Object> defaults = Map.of(
                "spring.flyway.enabled", "false",
                "spring.kafka.admin.auto-create", "false",
                "spring.kafka.admin.fail-fast", "false",
                "server.port", Integer.toString(port),
                "server.address", "127.0.0.1",
                "server.compression.enabled", "true",
                "server.compression.mime-types",
                        "text/html,text/css,text/javascript,application/javascript,application/json,text/csv",
                "spring.web.resources.static-locations", "classpath:/dashboard/",
                "spring.web.resources.cache.cachecontrol.max-age", "10m");
        return SpringContexts.start(
                defaults, springArguments, WebApplicationType.SERVLET, DashboardWebConfiguration.class);
    }

    /** The port the context's web server listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
