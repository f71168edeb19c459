package io.kairos.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Options shared by the commands that start a Spring context: any configuration property as {@code --name=value}. */
final class SpringArguments {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    private final List<String> properties = new ArrayList<>();

    @CommandLine.Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where embedded PostgreSQL and Kafka keep their data (default ./data, env KAIROS_DATA_DIR).")
    String dataDir;

    @CommandLine.Parameters(
            paramLabel = "--name=value",
            arity = "0..*",
            description = "Any configuration property, e.g. --spring.kafka.bootstrap-servers=broker:9092"
                    + " (see docs/operations.md).")
    void setProperties(List<String> values) {
        for (String value : values) {
            if (!value.startsWith("--") || !value.contains("=") || value.startsWith("--=")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Unknown argument '" + value + "'. Options are listed by --help; configuration properties"
                                + " are given as --name=value.");
            }
        }
        properties.clear();
        properties.addAll(values);
    }

    /** The data directory given with {@code --data-dir} or {@code KAIROS_DATA_DIR}, else {@code data}. */
    Path baseDataDir() {
        if (dataDir != null) {
            return Path.of(dataDir);
        }
        String fromEnvironment = System.getenv("KAIROS_DATA_DIR");
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? "data" : fromEnvironment);
    }

    /** The configuration properties given as {@code --name=value}, without {@code --data-dir}. */
    List<String> propertyArguments() {
        return List.copyOf(properties);
    }

    /** The arguments to hand to Spring. */
    List<String> springArguments() {
        List<String> arguments = new ArrayList<>(properties);
        if (dataDir != null) {
            arguments.add("--kairos.data-dir=" + dataDir);
        }
        return arguments;
    }
}
