package io.kairos.app.cli;

import io.kairos.app.KairosApplication;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application context for a command, and turns a failed start into one sentence a user understands
 * instead of a stack trace.
 */
final class SpringContexts {

    private SpringContexts() {}

    /** Thrown when the context cannot start; its message is meant for the user. */
    static final class StartFailure extends RuntimeException {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Starts the context of a command without a web server, whatever the classpath holds. */
    static ConfigurableApplicationContext start(Map<String, Object> commandDefaults, List<String> springArguments) {
        return start(commandDefaults, springArguments, WebApplicationType.NONE);
    }

    /** Starts the context of a command as the given kind of application, with extra configuration classes. */
    static ConfigurableApplicationContext start(
            Map<String, Object> commandDefaults,
            List<String> springArguments,
            WebApplicationType type,
            Class<?>... configurations) {
        List<String> arguments = new ArrayList<>(springArguments);
        try {
            return new SpringApplicationBuilder(KairosApplication.class)
                    .sources(configurations)
                    .web(type)
                    .properties(commandDefaults)
                    .run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new StartFailure(StartupProblem.explain(e), e);
        }
    }

    /**
     * Runs {@code action} in a context of a database-only command (no topics created, Kafka not needed) and returns its
     * exit code; a failed start or a failure of the action is one sentence on standard error and exit code 1.
     */
    static int withDatabase(
            SpringArguments spring, String command, Function<ConfigurableApplicationContext, Integer> action) {
        Map<String, Object> defaults = Map.of(
                "spring.kafka.admin.auto-create", "false",
                "spring.kafka.admin.fail-fast", "false");
        try (ConfigurableApplicationContext context = start(defaults, spring.springArguments())) {
            return action.apply(context);
        } catch (StartFailure failure) {
            printFailure(System.err, command, failure);
            return 1;
        } catch (RuntimeException e) {
            System.err.println("kairos " + command + ": " + e.getMessage());
            return 1;
        }
    }

    static void printFailure(PrintStream err, String command, StartFailure failure) {
        err.println("kairos " + command + ": " + failure.getMessage());
    }
}
